import ArgumentParser
import Foundation
import HospAuditCore

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the shard documents of one run (audit --shard I/N) into its findings document.",
        discussion: """
            Every shard 0..N-1 of one run must be given once. The cross-hospital rules (PR-002) run
            over all the shards' hospitals, and waivers, history and the document are applied as
            in a single audit over the same bundles, which gives the same document but for
            run.started_at. Give the same --policy and --region as the shards had. Exit codes as
            for audit.
            """)

    @Argument(help: "The shard documents.")
    var shards: [String]

    @OptionGroup var options: RunOptions

    func validate() throws { try options.validate() }

    func run() throws {
        let started = Date()
        let documents: [ShardDocument]
        do {
            documents = try shards.map(ShardDocument.read)
        } catch let failure as ShardDocument.Failure {
            throw CLIError.usage(failure.description)
        }
        let merged: (audits: [BundleAudit], searchProblems: [InputError])
        do {
            merged = try ShardDocument.merge(documents, policyChoice: try options.policyChoice())
        } catch let failure as ShardDocument.Failure {
            throw CLIError.usage(failure.description)
        } catch let error as PolicyError {
            throw CLIError.usage(error.description)
        }
        let session = try RunSession(options: options, scope: documents[0].scope, started: started, bundles: merged.audits.count,
                                     inputs: shards)
        do {
            for (index, audit) in merged.audits.enumerated() { try session.bundleFinished(index, audit) }
        } catch let error as BundleSpool.Failure {
            session.abandon()
            throw CLIError.input(error.description)
        }
        try session.finish(searchProblems: merged.searchProblems)
    }
}
