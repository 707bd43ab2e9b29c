import Foundation
import Hummingbird
import HummingbirdTesting
import SenseVecCore
import Testing
@testable import Explorer

/// The JSON API, in process (HummingbirdTesting's router framework: no sockets).
@Suite struct ExplorerAPITests {
    func makeService(map: MapStore = MapStore(.computing(0.25)), limits: ExplorerLimits = ExplorerLimits()) throws -> ExplorerService {
        try ExplorerService(model: WordVectorsExplorerModel(vectors: Fixtures.vectors()), limits: limits, map: map)
    }

    func withApp(_ service: ExplorerService, _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(router: service.buildRouter())
        try await app.test(.router) { client in try await body(client) }
    }

    static func json(_ response: TestResponse) throws -> [String: Any] {
        let data = Data(buffer: response.body)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func neighborsMatchBruteForce() async throws {
        let vectors = try Fixtures.vectors()
        try await withApp(try makeService()) { client in
            try await client.execute(uri: "/api/neighbors?word=king&k=3", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                let body = try Self.json(response)
                #expect(body["word"] as? String == "king")
                let neighbors = try #require(body["neighbors"] as? [[String: Any]])
                // Brute force in Double, excluding the query word.
                let king = vectors.vector(for: "king")!
                let expected = vectors.words.filter { $0 != "king" }
                    .map { ($0, Fixtures.cosine(king, vectors.vector(for: $0)!)) }
                    .sorted { $0.1 > $1.1 }.prefix(3)
                #expect(neighbors.map { $0["word"] as? String } == expected.map { $0.0 })
                for (n, e) in zip(neighbors, expected) {
                    #expect(abs((n["similarity"] as? Double ?? 9) - e.1) < 1e-5)
                }
            }
        }
    }

    @Test func unknownWordIs404WithMessage() async throws {
        try await withApp(try makeService()) { client in
            try await client.execute(uri: "/api/neighbors?word=zebra", method: .get) { response in
                #expect(response.status == .notFound)
                let message = try Self.json(response)["error"] as? String
                #expect(message?.contains("zebra") == true)
                #expect(message?.contains("vocabulary") == true)
            }
            try await client.execute(uri: "/api/analogy?a=man&b=king&c=zebra", method: .get) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/api/senses?word=zebra", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func badParametersAre400() async throws {
        try await withApp(try makeService()) { client in
            for uri in ["/api/neighbors", "/api/neighbors?word=", "/api/neighbors?word=king&k=0",
                        "/api/neighbors?word=king&k=1001", "/api/neighbors?word=king&k=ten",
                        "/api/analogy?a=man&b=king", "/api/analogy?a=man&b=king&c=woman&method=div",
                        "/api/neighbors?word=" + String(repeating: "x", count: 300)] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .badRequest, "\(uri)")
                    let json70 = try Self.json(response)
                    #expect((json70["error"] as? String)?.isEmpty == false, "\(uri)")
                }
            }
            try await client.execute(uri: "/api/nothing-here", method: .get) { response in
                #expect(response.status == .notFound)
                let json75 = try Self.json(response)
                #expect((json75["error"] as? String)?.contains("/api/nothing-here") == true)
            }
        }
    }

    @Test func kUpToTheLimitIsAccepted() async throws {
        try await withApp(try makeService()) { client in
            try await client.execute(uri: "/api/neighbors?word=king&k=1000", method: .get) { response in
                #expect(response.status == .ok)
                // Only 7 other words exist.
                let json85 = try Self.json(response)
                #expect((json85["neighbors"] as? [Any])?.count == 7)
            }
        }
    }

    @Test func analogyBothMethods() async throws {
        try await withApp(try makeService()) { client in
            for method in ["add", "mul"] {
                try await client.execute(uri: "/api/analogy?a=man&b=king&c=woman&k=2&method=\(method)", method: .get) { response in
                    #expect(response.status == .ok)
                    let body = try Self.json(response)
                    #expect(body["query"] as? [String] == ["man", "king", "woman"])
                    let first = (body["neighbors"] as? [[String: Any]])?.first?["word"] as? String
                    #expect(first == "queen", "method \(method)")
                    let words = (body["neighbors"] as? [[String: Any]])?.compactMap { $0["word"] as? String } ?? []
                    #expect(!words.contains("man") && !words.contains("king") && !words.contains("woman"))
                }
            }
        }
    }

    @Test func sensesOfPlainVectorsIsOneSense() async throws {
        try await withApp(try makeService()) { client in
            try await client.execute(uri: "/api/senses?word=apple&k=1", method: .get) { response in
                #expect(response.status == .ok)
                let senses = try #require(try Self.json(response)["senses"] as? [[String: Any]])
                #expect(senses.count == 1)
                #expect(senses[0]["prior"] as? Double == 1)
                #expect((senses[0]["neighbors"] as? [[String: Any]])?.first?["word"] as? String == "banana")
            }
        }
    }

    @Test func disambiguateValidatesItsBody() async throws {
        var limits = ExplorerLimits()
        limits.maxBodyBytes = 1000
        limits.maxSentenceTokens = 20
        try await withApp(try makeService(limits: limits)) { client in
            func post(_ text: String) async throws -> TestResponse {
                try await client.execute(uri: "/api/disambiguate", method: .post, headers: [.contentType: "application/json"],
                                         body: ByteBuffer(string: text))
            }
            let ok = try await post(#"{"sentence": "The king, and the queen.", "word": "king"}"#)
            #expect(ok.status == .ok)
            let body = try Self.json(ok)
            #expect(body["tokens"] as? [String] == ["the", "king", "and", "the", "queen"])
            #expect(body["position"] as? Int == 1)
            let context = try #require(body["context"] as? [[String: Any]])
            #expect(context.map { $0["word"] as? String } == ["queen"])

            #expect(try await post("not json").status == .badRequest)
            #expect(try await post(#"{"sentence": "the king"}"#).status == .badRequest)
            #expect(try await post(#"{"sentence": "the king", "word": "queen"}"#).status == .badRequest)
            #expect(try await post(#"{"sentence": "the king", "word": "king", "position": 7}"#).status == .badRequest)
            #expect(try await post(#"{"sentence": "the zebra", "word": "zebra"}"#).status == .notFound)
            let long = Array(repeating: "king", count: 30).joined(separator: " ")
            #expect(try await post(#"{"sentence": "\#(long)", "word": "king"}"#).status == .badRequest)
            let huge = String(repeating: "a", count: 5000)
            let tooLarge = try await post(#"{"sentence": "\#(huge)", "word": "king"}"#)
            #expect(tooLarge.status == .contentTooLarge)
            #expect(try (Self.json(tooLarge)["error"] as? String)?.contains("limit") == true)
        }
    }

    @Test func mapIs503UntilReadyThenServesPoints() async throws {
        let store = MapStore(.computing(0.25))
        let service = try makeService(map: store)
        try await withApp(service) { client in
            try await client.execute(uri: "/api/map", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let json155 = try Self.json(response)
                #expect((json155["error"] as? String)?.contains("25%") == true)
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                let body = try Self.json(response)
                #expect(body["status"] as? String == "ok")
                #expect(body["words"] as? Int == 8)
                #expect(body["map"] as? String == "computing 25%")
            }
            store.load(model: service.model, modelPath: nil, checksum: nil, settings: MapSettings(size: 5, method: .pca), progress: nil)
            try await client.execute(uri: "/api/map", method: .get) { response in
                #expect(response.status == .ok)
                let body = try Self.json(response)
                let points = try #require(body["points"] as? [[String: Any]])
                #expect(points.count == 5)
                #expect(points.map { $0["word"] as? String } == ["king", "queen", "man", "woman", "prince"])
                #expect(points.allSatisfy { $0["x"] is Double && $0["y"] is Double && $0["sense"] == nil })
            }
        }
    }

    @Test func staticPageIsServed() async throws {
        try await withApp(try makeService()) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                let html = String(buffer: response.body)
                #expect(html.contains("<canvas"))
                #expect(!html.contains("http://") && !html.contains("https://"), "the page must not load anything from elsewhere")
            }
            try await client.execute(uri: "/app.js", method: .get) { response in
                #expect(response.status == .ok)
                let js = String(buffer: response.body)
                #expect(js.contains("requestAnimationFrame"))
                #expect(!js.contains("http://") && !js.contains("https://"))
            }
            try await client.execute(uri: "/style.css", method: .get) { response in
                #expect(response.status == .ok)
                #expect(!String(buffer: response.body).contains("@import"))
            }
        }
    }

    @Test func repeatedQueriesComeFromTheCache() async throws {
        let service = try makeService()
        try await withApp(service) { client in
            for _ in 0..<3 {
                try await client.execute(uri: "/api/neighbors?word=queen&k=2", method: .get) { #expect($0.status == .ok) }
            }
            try await client.execute(uri: "/api/neighbors?word=nope", method: .get) { #expect($0.status == .notFound) }
        }
        #expect(service.cache.count == 1)
    }

    @Test func senseModelThroughTheAPI() async throws {
        let model = try SenseExplorerModel(source: try Fixtures.senses())
        let store = MapStore(.computing(0))
        let service = try ExplorerService(model: model, map: store)
        store.load(model: model, modelPath: nil, checksum: nil, settings: MapSettings(size: 3, method: .pca), progress: nil)
        try await withApp(service) { client in
            try await client.execute(uri: "/api/senses?word=bank&k=2", method: .get) { response in
                #expect(response.status == .ok)
                let senses = try #require(try Self.json(response)["senses"] as? [[String: Any]])
                #expect(senses.map { $0["label"] as? String } == ["bank#0", "bank#1"])
            }
            try await client.execute(uri: "/api/neighbors?word=bank%231&k=2", method: .get) { response in
                #expect(response.status == .ok)
                let body = try Self.json(response)
                #expect(body["word"] as? String == "bank#1")
                let words = (body["neighbors"] as? [[String: Any]])?.compactMap { $0["word"] as? String }
                #expect(Set(words ?? []) == ["river", "water"])
            }
            let response = try await client.execute(uri: "/api/disambiguate", method: .post,
                                                     body: ByteBuffer(string: #"{"sentence": "We fished from the river bank.", "word": "bank"}"#))
            #expect(response.status == .ok)
            let body = try Self.json(response)
            #expect(body["best"] as? Int == 1)
            let senses = try #require(body["senses"] as? [[String: Any]])
            #expect((senses[1]["posterior"] as? Double ?? 0) > 0.9)
            let context = try #require(body["context"] as? [[String: Any]])
            #expect(context.contains { $0["word"] as? String == "river" && ($0["weight"] as? Double ?? 0) > 0 })
            try await client.execute(uri: "/api/map", method: .get) { response in
                #expect(response.status == .ok)
                let points = try #require(try Self.json(response)["points"] as? [[String: Any]])
                #expect(points.map { $0["word"] as? String } == ["bank", "bank", "money", "loan"])
                #expect(points.map { $0["sense"] as? Int } == [0, 1, 0, 0])
            }
        }
    }
}
