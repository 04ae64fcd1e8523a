namespace Berth.Build;

/// <summary>One <c>POST /build</c>: the context (unpacked in a directory) and docker build's options.</summary>
public sealed record BuildRequest
{
    /// <summary>The unpacked context; the builder reads it and never writes to it.</summary>
    public required string ContextDirectory { get; init; }

    /// <summary>The digests known of the context's files, when the daemon keeps that context between builds.</summary>
    public Files.FileDigestCache? ContextDigests { get; init; }

    /// <summary>The Dockerfile's path inside the context.</summary>
    public string Dockerfile { get; init; } = "Dockerfile";

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>--build-arg values; a null value is a name given without one.</summary>
    public IReadOnlyDictionary<string, string?> BuildArgs { get; init; } = new Dictionary<string, string?>();

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public string? Target { get; init; }

    public bool NoCache { get; init; }

    public bool Pull { get; init; }

    /// <summary>--secret: id → content, for RUN --mount=type=secret; never part of a layer, the history or a cache key.</summary>
    public IReadOnlyDictionary<string, byte[]> Secrets { get; init; } = new Dictionary<string, byte[]>();

    /// <summary>The network of RUN steps: <c>host</c> (the default here), <c>none</c>.</summary>
    public string? NetworkMode { get; init; }
}
