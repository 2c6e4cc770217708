import Foundation
import SelfScanTestSupport
import Testing

/// The tests' own child-process helper (posix_spawn, descriptors closed in the child): what the suites that
/// start `selfscan`, `umockdev-run`, `openssl`… rely on.
@Suite struct ChildProcessTests {
    @Test func exitCodesOutputsAndEnvironment() throws {
        let ran = try ChildProcess.run("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"])
        #expect(ran.status == 3)
        #expect(String(decoding: ran.stdout, as: UTF8.self) == "out\n")
        #expect(String(decoding: ran.stderr, as: UTF8.self) == "err\n")
        let merged = try ChildProcess.run("/bin/sh", ["-c", "echo out; echo err >&2"], mergeErrors: true)
        #expect(String(decoding: merged.stdout, as: UTF8.self) == "out\nerr\n")
        let environment = try ChildProcess.run("/bin/sh", ["-c", "echo \"$ONLY\"; echo \"${HOME:-none}\""],
                                               environment: ["ONLY": "this"])
        #expect(String(decoding: environment.stdout, as: UTF8.self) == "this\nnone\n")
        // Looked up in PATH when not a path; a missing program is an error, not a crash.
        #expect(try ChildProcess.run("true", []).status == 0)
        #expect(throws: ChildProcess.SpawnError.self) { try ChildProcess("/nonexistent/program", []) }
    }

    @Test func theChildKeepsOnlyItsStandardStreams() throws {
        // A descriptor the test process holds (not close-on-exec) must not reach the child.
        let held = open("/dev/null", O_RDONLY)
        #expect(held > 2)
        defer { close(held) }
        let probe = "for fd in 0 1 2 $0; do if [ -e /proc/$$/fd/$fd ]; then echo $fd open; else echo $fd closed; fi; done"
        let listed = try ChildProcess.run("/bin/sh", ["-c", probe, String(held)])
        #expect(String(decoding: listed.stdout, as: UTF8.self).split(separator: "\n")
                == ["0 open", "1 open", "2 open", "\(held) closed"])
    }

    @Test func signalsPipesAndOneReap() throws {
        let child = try ChildProcess("/bin/sh", ["-c", "echo ready; exec sleep 30"], standardOutput: .pipe)
        let reader = try #require(child.standardOutput)
        var text = Data()
        while !String(decoding: text, as: UTF8.self).contains("ready\n") {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            text += chunk
        }
        #expect(child.isRunning)
        child.signal(SIGTERM)
        #expect(child.wait() == 128 + SIGTERM)
        #expect(child.wait() == 128 + SIGTERM)  // reaped once, answered again
        #expect(!child.isRunning)
        child.signal(SIGKILL)  // after the reap: no signal sent to a reused pid
    }
}
