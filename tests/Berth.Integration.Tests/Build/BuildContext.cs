using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Build;

/// <summary>A build context directory a test writes files into.</summary>
public sealed class BuildContext : IDisposable
{
    private readonly TempDirectory _dir = new();

    public string Path => _dir.Path;

    public BuildContext With(string relativePath, string content, UnixFileMode? mode = null)
    {
        var path = _dir.Combine(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        if (mode is { } m) File.SetUnixFileMode(path, m);
        return this;
    }

    public BuildContext Dockerfile(string content) => With("Dockerfile", content);

    public void Dispose() => _dir.Dispose();
}
