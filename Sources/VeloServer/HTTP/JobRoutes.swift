import Hummingbird

/// /api/v1/jobs: list, describe, deploy, lifecycle, drop.
struct JobRoutes {
    let manager: JobManager
    let reader: RequestReader

    func register(on group: some RouterMethods<BasicRequestContext>) {
        group.get("jobs") { _, _ in
            JSONResponse.make(JobList(jobs: await manager.list()))
        }
        group.get("jobs/{name}") { _, context in
            let name = try context.parameters.require("name")
            guard let job = await manager.job(named: name) else { throw APIError.notFound("no job named '\(name)'") }
            return JSONResponse.make(job)
        }
        group.post("jobs") { request, _ in
            let body = try await reader.sqlRequest(request)
            let deployment = try await manager.deploy(sql: body.sql, name: body.name)
            return JSONResponse.make(DeployResponse(jobs: deployment.jobs, declared: deployment.declared), status: .created)
        }
        for command in [JobCommand.stop, .pause, .resume, .restart] {
            group.post("jobs/{name}/\(command.rawValue)") { _, context in
                let name = try context.parameters.require("name")
                guard let job = try await manager.command(command, job: name) else { throw APIError.notFound("no job named '\(name)'") }
                return JSONResponse.make(job)
            }
        }
        group.delete("jobs/{name}") { _, context in
            let name = try context.parameters.require("name")
            _ = try await manager.command(.drop, job: name)
            return JSONResponse.make(DroppedResponse(dropped: name))
        }
    }
}
