using System.CommandLine;

namespace Berth.Cli.Commands.Network;

/// <summary><c>berth network</c>: docker's network verbs.</summary>
internal static class NetworkCommands
{
    public static Command Create() => new("network", "Manage networks")
    {
        NetworkCreateCommand.Create(),
        NetworkConnectCommand.Create(connect: true),
        NetworkConnectCommand.Create(connect: false),
        NetworkInspectCommand.Create(),
        NetworkListCommand.Create(),
        NetworkPruneCommand.Create(),
        NetworkRemoveCommand.Create(),
    };
}
