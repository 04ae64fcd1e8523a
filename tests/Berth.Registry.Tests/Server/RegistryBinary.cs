using System.Diagnostics;

namespace Berth.Registry.Tests.Server;

/// <summary>
/// The berth-registry executable: bin/berth-registry as scripts/build.sh publishes it (NativeAOT), else the
/// build output of src/Berth.RegistryHost (a solution build makes it).
/// </summary>
internal static class RegistryBinary
{
    public static string Path
    {
        get
        {
            var root = RepositoryRoot();
            string[] candidates =
            [
                System.IO.Path.Combine(root, "bin", "berth-registry"),
                System.IO.Path.Combine(root, "src", "Berth.RegistryHost", "bin", "Release", "net10.0", "berth-registry"),
                System.IO.Path.Combine(root, "src", "Berth.RegistryHost", "bin", "Debug", "net10.0", "berth-registry"),
            ];
            return candidates.FirstOrDefault(File.Exists)
                ?? throw new InvalidOperationException($"berth-registry is not built (looked for {string.Join(", ", candidates)}): run scripts/build.sh or build Berth.sln");
        }
    }

    public static Process Start(IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(Path) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return Process.Start(start) ?? throw new InvalidOperationException("cannot start berth-registry");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Berth.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("cannot find the repository root (Berth.sln) above the test binaries");
    }
}
