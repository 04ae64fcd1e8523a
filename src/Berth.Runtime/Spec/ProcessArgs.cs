using Berth.Oci;

namespace Berth.Runtime.Spec;

/// <summary>
/// The command line, by Docker's rules: the entrypoint followed by the command. <c>--entrypoint</c>
/// replaces the image's entrypoint and drops the image's Cmd (which was written for the old entrypoint)
/// unless a command is given as well; a command given alone replaces only the image's Cmd.
/// </summary>
internal static class ProcessArgs
{
    public static IReadOnlyList<string> Build(ContainerConfig? image, RunOptions options)
    {
        IReadOnlyList<string> entrypoint;
        IReadOnlyList<string> cmd;
        if (options.Entrypoint is { } overridden)
        {
            // docker run --entrypoint "" sends [""]: no entrypoint at all.
            entrypoint = overridden is [""] ? [] : overridden;
            cmd = options.Cmd ?? [];
        }
        else
        {
            entrypoint = image?.Entrypoint ?? [];
            cmd = options.Cmd ?? image?.Cmd ?? [];
        }
        var args = entrypoint.Concat(cmd).ToList();
        if (args.Count == 0) throw BerthException.Invalid("no command specified");
        return args;
    }
}
