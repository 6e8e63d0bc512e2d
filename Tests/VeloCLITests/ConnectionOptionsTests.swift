import Testing
@testable import VeloCLI

@Suite("Connection options")
struct ConnectionOptionsTests {
    @Test("--server, then --sql-host/--sql-port, then VELO_SERVER, then the default")
    func precedence() throws {
        let env = ["VELO_SERVER": "http://env:1"]
        #expect(try ConnectionOptions.parse([]).baseURL(environment: [:]) == "http://127.0.0.1:8080")
        #expect(try ConnectionOptions.parse([]).baseURL(environment: env) == "http://env:1")
        #expect(try ConnectionOptions.parse(["--sql-host", "h"]).baseURL(environment: env) == "http://h:8080")
        #expect(try ConnectionOptions.parse(["--sql-port", "9"]).baseURL(environment: env) == "http://127.0.0.1:9")
        #expect(try ConnectionOptions.parse(["--sql-host", "::1", "--sql-port", "9"]).baseURL(environment: env) == "http://[::1]:9")
        #expect(try ConnectionOptions.parse(["--server", "https://s:2/", "--sql-host", "h"]).baseURL(environment: env) == "https://s:2")
        #expect(try ConnectionOptions.parse(["--server", "s:3"]).baseURL(environment: env) == "http://s:3")
    }

    @Test("--token, else VELO_TOKEN; empty is none")
    func token() throws {
        #expect(try ConnectionOptions.parse(["--token", "a"]).bearerToken(environment: ["VELO_TOKEN": "b"]) == "a")
        #expect(try ConnectionOptions.parse([]).bearerToken(environment: ["VELO_TOKEN": "b"]) == "b")
        #expect(try ConnectionOptions.parse([]).bearerToken(environment: ["VELO_TOKEN": ""]) == nil)
        #expect(try ConnectionOptions.parse([]).bearerToken(environment: [:]) == nil)
    }

    @Test("bad values are usage errors", arguments: [["--server", "ftp://x"], ["--sql-port", "0"], ["--output", "yaml"]])
    func usageErrors(_ arguments: [String]) {
        #expect(throws: (any Error).self) { try ConnectionOptions.parse(arguments) }
    }

    @Test("a bad VELO_SERVER is a failure with the value")
    func badEnvironment() throws {
        #expect(throws: CLIError.message("not a server URL: ftp://x (expected e.g. http://127.0.0.1:8080)")) {
            try ConnectionOptions.parse([]).baseURL(environment: ["VELO_SERVER": "ftp://x"])
        }
    }

    @Test("names in paths are escaped")
    func segments() {
        #expect(APIClient.segment("big_trades") == "big_trades")
        #expect(APIClient.segment("a/b c?d") == "a%2Fb%20c%3Fd")
    }
}
