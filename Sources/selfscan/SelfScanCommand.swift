import ArgumentParser

/// `selfscan`: the one executable. Argument parsing and wiring only.
@main
struct SelfScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "selfscan",
        abstract: "In-store self-scanning daemon: scanners, basket, offline cache, sync to the referential.",
        subcommands: [
            CodeCommand.self,
            DecodeCommand.self,
            DevicesCommand.self,
            TerminalSimCommand.self,
            CatalogCommand.self,
            LabelsCommand.self,
            ReferentialCommand.self,
            ServeCommand.self,
            DemoCommand.self,
            ConsoleCommand.self,
            StaffPinCommand.self,
        ]
    )
}
