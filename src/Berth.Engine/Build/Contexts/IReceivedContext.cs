using Berth.Build.Files;

namespace Berth.Engine.Build.Contexts;

/// <summary>A build's context as the daemon received it, a directory for the builder to read; disposed when the build ends.</summary>
public interface IReceivedContext : IAsyncDisposable
{
    string Directory { get; }

    /// <summary>The digests known of its files; null when nothing is known (a context received whole).</summary>
    FileDigestCache? Digests { get; }
}
