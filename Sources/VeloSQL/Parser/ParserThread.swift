#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a parse on a thread of its own with a large stack. The parser recurses once per nesting
/// level and debug builds spend tens of KiB a level; a caller on a cooperative-pool thread (512 KiB
/// on some platforms) must not crash on a legal, deeply nested query. Parsing is rare (deploy,
/// validate, REPL input), so a thread per parse costs nothing that matters.
enum ParserThread {
    static let stackSize = 32 * 1024 * 1024

    static func run<T>(_ body: @escaping () -> T) -> T {
        let box = Box(body)
        let context = Unmanaged.passRetained(box as Job).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, stackSize)
        #if canImport(Glibc)
        var thread = pthread_t()
        let created = pthread_create(&thread, &attributes, { context in
            guard let context else { return nil }
            Unmanaged<Job>.fromOpaque(context).takeUnretainedValue().execute()
            return nil
        }, context)
        #else
        var thread: pthread_t?
        let created = pthread_create(&thread, &attributes, { context in
            Unmanaged<Job>.fromOpaque(context).takeUnretainedValue().execute()
            return nil
        }, context)
        #endif
        guard created == 0 else {
            // No thread to be had: parse here; the stack guard still stops runaway nesting.
            Unmanaged<Box<T>>.fromOpaque(context).release()
            return body()
        }
        #if canImport(Glibc)
        pthread_join(thread, nil)
        #else
        if let thread { pthread_join(thread, nil) }
        #endif
        let result = Unmanaged<Box<T>>.fromOpaque(context).takeRetainedValue().result
        guard let result else { return body() }
        return result
    }

    /// What the new thread runs; not generic, because a C thread entry point cannot capture a type.
    private class Job: @unchecked Sendable {
        func execute() {}
    }

    /// The closure and its result, handed across the thread boundary; the creating thread waits in
    /// pthread_join, so the two never touch it at the same time.
    private final class Box<T>: Job, @unchecked Sendable {
        let body: () -> T
        var result: T?

        init(_ body: @escaping () -> T) {
            self.body = body
        }

        override func execute() {
            result = body()
        }
    }
}
