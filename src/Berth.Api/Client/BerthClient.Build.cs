using System.Text.Json;
using Berth.Api.Models;

namespace Berth.Api.Client;

public sealed partial class BerthClient
{
    /// <summary>What <c>docker build</c> asks of <c>POST /build</c> besides the context.</summary>
    public sealed record BuildParameters
    {
        public IReadOnlyList<string> Tags { get; init; } = [];
        /// <summary>The Dockerfile's path inside the context.</summary>
        public string Dockerfile { get; init; } = "Dockerfile";
        /// <summary>A null value: declared without a value and unset in the client's environment.</summary>
        public IReadOnlyDictionary<string, string?> BuildArgs { get; init; } = new Dictionary<string, string?>();
        public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
        public string? Target { get; init; }
        public bool NoCache { get; init; }
        public bool Pull { get; init; }
        public bool Quiet { get; init; }
        public string? NetworkMode { get; init; }
        public string? Platform { get; init; }
        /// <summary>--secret: id → content, for RUN --mount=type=secret; sent in <see cref="SecretsHeader"/>, never in the context.</summary>
        public IReadOnlyDictionary<string, byte[]> Secrets { get; init; } = new Dictionary<string, byte[]>();
        /// <summary>An upload from <see cref="StageBuildContextAsync"/>: the tar then holds only the entries it said were missing.</summary>
        public string? ContextUpload { get; init; }
    }

    /// <summary>
    /// Berth's header for build secrets (the classic build API has none: docker sends them over a BuildKit
    /// session): base64 of a JSON object, secret id → base64 of its content.
    /// </summary>
    public const string SecretsHeader = "X-Berth-Build-Secrets";

    public IAsyncEnumerable<JsonMessage> BuildAsync(Stream context, BuildParameters parameters, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var query = $"build?dockerfile={Uri.EscapeDataString(parameters.Dockerfile)}&rm=1&forcerm=0&nocache={Flag(parameters.NoCache)}&pull={Flag(parameters.Pull)}&q={Flag(parameters.Quiet)}";
        foreach (var tag in parameters.Tags) query += Query("t", tag);
        query += Query("target", parameters.Target) + Query("networkmode", parameters.NetworkMode) + Query("platform", parameters.Platform);
        query += Query("berthcontext", parameters.ContextUpload);
        query += Query("buildargs", JsonSerializer.Serialize(new Dictionary<string, string?>(parameters.BuildArgs), ApiJsonContext.Default.DictionaryStringString));
        query += Query("labels", JsonSerializer.Serialize(new Dictionary<string, string?>(parameters.Labels!), ApiJsonContext.Default.DictionaryStringString));
        var content = TarContent(context);
        if (parameters.Secrets.Count > 0)
        {
            var secrets = parameters.Secrets.ToDictionary(s => s.Key, s => (string?)Convert.ToBase64String(s.Value), StringComparer.Ordinal);
            content.Headers.Add(SecretsHeader, Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(secrets, ApiJsonContext.Default.DictionaryStringString)));
        }
        return StreamMessagesAsync(HttpMethod.Post, query, content, ct);
    }

    /// <summary>
    /// Berth's context sync: tells the daemon what the context directory <paramref name="key"/> holds now, and learns
    /// which entries it lacks from the copy it kept of that directory's last build.
    /// </summary>
    public async Task<BuildContextUpload> StageBuildContextAsync(string key, BuildContextManifest manifest, CancellationToken ct)
    {
        using var body = Json(manifest, ApiJsonContext.Default.BuildContextManifest);
        using var response = await SendAsync(HttpMethod.Post, $"build/context?key={Uri.EscapeDataString(key)}", body, ct);
        return await ReadAsync(response, ApiJsonContext.Default.BuildContextUpload, ct);
    }

    public async Task<BuildPruneReport> PruneBuildCacheAsync(CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, "build/prune", null, ct);
        return await ReadAsync(response, ApiJsonContext.Default.BuildPruneReport, ct);
    }
}
