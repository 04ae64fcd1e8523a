namespace Berth.Integration.Tests.Infrastructure;

/// <summary>The built binaries and scripts under test, found from the repository root.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();
    public static string Berth => Binary("berth");
    public static string Berthd => Binary("berthd");
    public static string Script(string name) => Path.Combine(Root, "scripts", name);

    private static string Binary(string name)
    {
        var path = Path.Combine(Root, "bin", name);
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: run scripts/build.sh first");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Berth.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("repository root (Berth.sln) not found above " + AppContext.BaseDirectory);
    }
}
