import Foundation
import PackagePlugin

/// Generates the Swift that carries the shipped policies, the policy schema and the table
/// schemas inside the binary, from the JSON files themselves, at every build that changes one.
@main
struct EmbedData: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let policies = try jsonFiles(in: root.appending(path: "policies"))
        let tables = try jsonFiles(in: root.appending(path: "schemas/tables"))
        let policySchema = root.appending(path: "schemas/policy.schema.json")
        let waiversSchema = root.appending(path: "schemas/waivers.schema.json")
        let mappingSchema = root.appending(path: "schemas/mapping.schema.json")
        let templates = try files(in: root.appending(path: "templates"), extension: "mustache")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedData.swift")
        var arguments = [output.path]
        arguments += policies.map { "EmbeddedPolicies=\($0.path)" }
        arguments.append("EmbeddedPolicies=\(policySchema.path)")
        arguments.append("EmbeddedPolicies=\(waiversSchema.path)")
        arguments.append("EmbeddedPolicies=\(mappingSchema.path)")
        arguments += tables.map { "EmbeddedTableSchemas=\($0.path)" }
        arguments += templates.map { "EmbeddedTemplates=\($0.path)" }
        return [.buildCommand(
            displayName: "Embedding policies, table schemas and report templates",
            executable: try context.tool(named: "embed-data").url,
            arguments: arguments,
            inputFiles: policies + tables + templates + [policySchema, waiversSchema, mappingSchema],
            outputFiles: [output])]
    }

    private func jsonFiles(in folder: URL) throws -> [URL] {
        try files(in: folder, extension: "json")
    }

    private func files(in folder: URL, extension wanted: String) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == wanted }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }
}
