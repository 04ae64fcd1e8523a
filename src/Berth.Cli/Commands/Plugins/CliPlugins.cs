using System.CommandLine;
using System.Runtime.InteropServices;

namespace Berth.Cli.Commands.Plugins;

/// <summary>
/// Commands that live in their own binary, as docker's CLI plugins do (<c>docker compose</c> runs
/// <c>docker-compose</c>): <c>berth NAME ARGS</c> becomes <c>berth-NAME ARGS</c> when NAME is not a built-in
/// command. The registry server is one: it needs ASP.NET Core, which the client has no other use for.
/// The plugin replaces this process (exec), so signals, the terminal and the exit code are simply its own.
/// </summary>
internal static partial class CliPlugins
{
    /// <summary>Where plugins are looked for after the directories of berth itself: a packaged install's place, then PATH.</summary>
    private const string SystemPluginDirectory = "/usr/libexec/berth/cli-plugins";

    /// <summary>The plugin for <paramref name="args"/>' first word, unless that word is a built-in command.</summary>
    public static string? Find(RootCommand root, string[] args)
    {
        if (args is not [var name, ..] || name.StartsWith('-') || name.Contains('/')) return null;
        if (root.Subcommands.Any(c => c.Name == name || c.Aliases.Contains(name))) return null;
        return Candidates($"berth-{name}").FirstOrDefault(IsExecutable);
    }

    /// <summary>Runs the plugin in place of this process, with the arguments after the command's name; returns only when exec fails.</summary>
    public static int Exec(string plugin, string[] args)
    {
        string?[] argv = [plugin, .. args[1..], null];
        Execv(plugin, argv);
        Console.Error.WriteLine($"berth: cannot run {plugin}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        return 126;
    }

    private static IEnumerable<string> Candidates(string file)
    {
        // bin/berth is usually a symlink: the directory it was called through comes first, then the one it resolves to.
        var invokedAs = Environment.GetCommandLineArgs()[0];
        if (invokedAs.Contains('/')) yield return Path.Join(Path.GetDirectoryName(Path.GetFullPath(invokedAs)), file);
        if (Environment.ProcessPath is { } self) yield return Path.Join(Path.GetDirectoryName(self), file);
        yield return Path.Join(SystemPluginDirectory, file);
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            yield return Path.Join(dir, file);
    }

    private static bool IsExecutable(string path) =>
        File.Exists(path) && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    [LibraryImport("libc", EntryPoint = "execv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Execv(string path, string?[] argv);
}
