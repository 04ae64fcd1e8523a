using Berth.Dockerfile.Parsing;

namespace Berth.Dockerfile.Instructions;

/// <summary>RUN: flags, mounts, devices and the command.</summary>
internal static partial class InstructionReader
{
    private static RunInstruction ReadRun(NodeContext context, InstructionFlags flags)
    {
        flags.AddStrings("mount");
        flags.AddString("network");
        flags.AddString("security");
        flags.AddStrings("device");
        flags.Parse();
        var node = context.Node;
        var command = CommandOf(node);
        var network = flags.String("network") ?? "default";
        var security = flags.String("security") ?? "sandbox";
        var specs = flags.Strings("mount");
        return new RunInstruction
        {
            Command = command,
            MountSpecs = specs,
            Mounts = [.. specs.Select(spec => RunMountParser.Parse(spec, expand: null))],
            Network = network switch
            {
                "default" => RunNetwork.Default,
                "none" => RunNetwork.None,
                "host" => RunNetwork.Host,
                _ => throw context.Error($"invalid network mode {GoFormat.Quote(network)}"),
            },
            Security = security switch
            {
                "sandbox" => RunSecurity.Sandbox,
                "insecure" => RunSecurity.Insecure,
                _ => throw context.Error($"security {GoFormat.Quote(security)} is not valid"),
            },
            Devices = [.. flags.Strings("device").Select(RunDeviceParser.Parse)],
            File = context.File,
            StartLine = node.StartLine,
            EndLine = node.EndLine,
            Original = node.Original,
        };
    }
}
