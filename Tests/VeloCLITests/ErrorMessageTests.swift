import Foundation
import Testing
@testable import VeloCLI
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite("Error messages")
struct ErrorMessageTests {
    @Test("a connection failure names the URL and the reason")
    func unreachable() {
        let error = APIClient.transportError(URLError(.cannotConnectToHost), url: "http://127.0.0.1:8080/api/v1/jobs", timeout: 30)
        #expect(error.description == "cannot reach http://127.0.0.1:8080/api/v1/jobs: Connection refused")
        #expect(APIClient.reason(for: URLError(.timedOut), timeout: 30) == "no answer within 30 s")
        #expect(APIClient.reason(for: URLError(.cannotFindHost), timeout: 30) == "unknown host")
    }

    @Test("401 says what to do, and says so differently when a token was sent")
    func unauthorized() {
        #expect(APIClient.errorAnswer(status: 401, body: Data(), tokenSent: false).description
            == "the server wants a token: pass --token or set VELO_TOKEN")
        #expect(APIClient.errorAnswer(status: 401, body: Data(), tokenSent: true).description
            == "the server rejected the token: check --token or VELO_TOKEN")
    }

    @Test("the API's error: message, then line:column and hint when present")
    func apiError() {
        let body = Data(#"{"error":{"message":"expected FROM, found 'FORM'","line":1,"column":10,"hint":"did you mean FROM?"}}"#.utf8)
        let error = APIClient.errorAnswer(status: 400, body: body, tokenSent: false)
        #expect(error.description == "1:10: expected FROM, found 'FORM' (did you mean FROM?)")
        #expect(error.status == 400)
        #expect(error.positionedSQLErrors?.count == 1)

        let plain = APIClient.errorAnswer(status: 409, body: Data(#"{"error":{"message":"a job called big exists"}}"#.utf8), tokenSent: false)
        #expect(plain.description == "a job called big exists")
        #expect(plain.positionedSQLErrors == nil)
    }

    @Test("every diagnostic of `errors`, one per line")
    func severalErrors() {
        let body = Data(#"""
            {"error":{"message":"a","line":1,"column":2},
             "errors":[{"message":"a","line":1,"column":2},{"message":"b","line":3,"hint":"h"}]}
            """#.utf8)
        #expect(APIClient.errorAnswer(status: 400, body: body, tokenSent: false).description == "1:2: a\nline 3: b (h)")
    }

    @Test("an answer that is not the API's error JSON: the status and the start of the body")
    func foreignErrorBody() {
        #expect(APIClient.errorAnswer(status: 502, body: Data("Bad Gateway\n<html>…".utf8), tokenSent: false).description
            == "the server answered HTTP 502: Bad Gateway")
        #expect(APIClient.errorAnswer(status: 500, body: Data(), tokenSent: false).description == "the server answered HTTP 500")
        #expect(APIClient.errorAnswer(status: 404, body: Data(#"{"error":{}}"#.utf8), tokenSent: false).description == "unknown error")
    }

    @Test("server SQL errors render with the source line and a caret")
    func serverDiagnostics() {
        let source = "CREATE STREAM t (id BIGINT) WITH ('topic'='t');\nSELECT id FORM t;\n"
        let errors = [
            APIErrorDetail(message: "expected FROM, found 'FORM'", line: 2, column: 11, hint: "did you mean FROM?"),
            APIErrorDetail(message: "jobs.max reached"),
        ]
        #expect(ServerDiagnostics.render(errors, source: source, fileName: "q.sql") == """
            error: expected FROM, found 'FORM'
             --> q.sql:2:11
              |
            2 | SELECT id FORM t;
              |           ^
              = hint: did you mean FROM?

            error: jobs.max reached

            """)
    }

    @Test("a decoding failure names the field")
    func unexpectedAnswer() {
        let response = APIResponse(status: 200, body: Data(#"{"jobs":[{"state":"running"}]}"#.utf8), url: "http://h/api/v1/jobs")
        #expect(throws: CLIError.unexpectedAnswer(url: "http://h/api/v1/jobs", reason: "missing field 'jobs[0].name'")) {
            try response.decode(JobList.self)
        }
    }

    @Test("lenient models: unknown fields ignored, mistyped optional fields read as missing")
    func lenientDecoding() throws {
        let body = #"{"name":"j","state":"running","stats":{"recordsIn":"many","lag":null,"ratePerSecond":1.5},"extra":1}"#
        let job = try JSONDecoder().decode(Job.self, from: Data(body.utf8))
        #expect(job.name == "j")
        #expect(job.stats?.recordsIn == nil)
        #expect(job.stats?.lag == nil)
        #expect(job.stats?.ratePerSecond == 1.5)
    }
}
