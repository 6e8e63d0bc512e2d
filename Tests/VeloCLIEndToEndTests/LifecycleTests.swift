import Testing

/// `velo-cli pause|resume|restart|stop|drop JOB`: each exits 0 and shows the new state; what the
/// state machine refuses exits 1 with the server's message.
extension LiveServerTests {
    @Test("pause, resume, a refused second resume, restart, stop, drop", .timeLimit(.minutes(2)))
    func lifecycle() async throws {
        let server = try LiveServer.server()
        try await KafkaData.with { kafka in
            let input = kafka.topic("life-in"), output = kafka.topic("life-out")
            try await kafka.produce(input, ids: 0..<10)
            let file = try CLI.writeTemporaryFile("orders.sql", kafka.ordersScript(input: input, output: output))
            defer { CLI.removeTemporaryFile(file) }
            let job = kafka.name("big_orders")
            let deploy = try await CLI.run(["deploy", file.path], against: server)
            try #require(deploy.status == 0, "\(deploy)")
            try await server.waitForJob(job) { $0.state == "running" }

            let pause = try await CLI.run(["pause", job], against: server)
            #expect(pause.status == 0, "\(pause)")
            #expect(pause.stdout == "\(job): paused\n", "\(pause)")
            let listed = try await CLI.run(["jobs"], against: server)
            #expect(CLI.row(job, in: listed.stdout)?.dropFirst().first == "paused", "\(listed)")

            let resume = try await CLI.run(["resume", job], against: server)
            #expect(resume.status == 0, "\(resume)")
            #expect(resume.stdout == "\(job): running\n", "\(resume)")

            let again = try await CLI.run(["resume", job], against: server)
            #expect(again.status == 1, "\(again)")
            #expect(again.stdout.isEmpty, "\(again)")
            #expect(again.stderr == "error: cannot resume a job that is running: it is not paused\n", "\(again)")

            let restart = try await CLI.run(["restart", job], against: server)
            #expect(restart.status == 0, "\(restart)")
            #expect(["\(job): starting\n", "\(job): running\n"].contains(restart.stdout), "\(restart)")
            let restarted = try await server.waitForJob(job) { $0.state == "running" }
            #expect(restarted.state == "running", "\(restarted)")

            let stop = try await CLI.run(["stop", job], against: server)
            #expect(stop.status == 0, "\(stop)")
            #expect(stop.stdout == "\(job): stopped\n", "\(stop)")
            let stopAgain = try await CLI.run(["stop", job], against: server)
            #expect(stopAgain.status == 1, "\(stopAgain)")
            #expect(stopAgain.stderr == "error: cannot stop a job that is stopped: restart it\n", "\(stopAgain)")

            let drop = try await CLI.run(["drop", job], against: server)
            #expect(drop.status == 0, "\(drop)")
            #expect(drop.stdout == "dropped \(job)\n", "\(drop)")

            for command in ["pause", "drop"] {
                let gone = try await CLI.run([command, job], against: server)
                #expect(gone.status == 1, "\(gone)")
                #expect(gone.stderr == "error: no job named '\(job)'\n", "\(gone)")
            }
        }
    }
}
