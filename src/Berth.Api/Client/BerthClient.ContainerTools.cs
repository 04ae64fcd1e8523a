using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Berth.Api.Models;

namespace Berth.Api.Client;

/// <summary>The container endpoints behind top, diff, export, commit, prune, events, cp and stats.</summary>
public sealed partial class BerthClient
{
    public Task<ContainerTopResponse> TopContainerAsync(string id, string? psArgs, CancellationToken ct) =>
        GetAsync($"containers/{Escape(id)}/top?{Query("ps_args", psArgs).TrimStart('&')}".TrimEnd('?'), ApiJsonContext.Default.ContainerTopResponse, ct);

    public Task<List<ContainerChange>> ContainerChangesAsync(string id, CancellationToken ct) =>
        GetAsync($"containers/{Escape(id)}/changes", ApiJsonContext.Default.ListContainerChange, ct);

    public Task ExportContainerAsync(string id, Stream output, CancellationToken ct) => CopyBodyAsync($"containers/{Escape(id)}/export", output, ct);

    public async Task<CommitResponse> CommitAsync(ContainerCommitQuery commit, CancellationToken ct)
    {
        var query = new StringBuilder($"commit?container={Uri.EscapeDataString(commit.Container)}");
        query.Append(Query("repo", commit.Repository)).Append(Query("tag", commit.Tag)).Append(Query("comment", commit.Comment))
            .Append(Query("author", commit.Author)).Append("&pause=").Append(Flag(commit.Pause));
        foreach (var change in commit.Changes) query.Append(Query("changes", change));
        using var body = new StringContent("{}", Encoding.UTF8, "application/json");
        using var response = await SendAsync(HttpMethod.Post, query.ToString(), body, ct);
        return await ReadAsync(response, ApiJsonContext.Default.CommitResponse, ct);
    }

    public async Task<ContainerPruneReport> PruneContainersAsync(string? filters, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, $"containers/prune?{Query("filters", filters).TrimStart('&')}".TrimEnd('?'), null, ct);
        return await ReadAsync(response, ApiJsonContext.Default.ContainerPruneReport, ct);
    }

    /// <summary>GET /events until the daemon ends it (with <c>until</c>) or the token fires.</summary>
    public async IAsyncEnumerable<EventMessage> EventsAsync(string? since, string? until, string? filters, [EnumeratorCancellation] CancellationToken ct)
    {
        var query = (Query("since", since) + Query("until", until) + Query("filters", filters)).TrimStart('&');
        using var response = await SendAsync(HttpMethod.Get, $"events?{query}".TrimEnd('?'), null, ct);
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        await foreach (var message in JsonSerializer.DeserializeAsyncEnumerable(stream, ApiJsonContext.Default.EventMessage, topLevelValues: true, ct))
        {
            if (message is not null) yield return message;
        }
    }

    /// <summary>HEAD /containers/{id}/archive: the stat of a path in the container, or null when it does not exist.</summary>
    public async Task<ContainerPathStat?> StatContainerPathAsync(string id, string path, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, $"containers/{Escape(id)}/archive?path={Uri.EscapeDataString(path)}");
        using var response = await SendRawAsync(request, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            // A 404 for the container itself (not the path) must still surface as an error; HEAD has no body,
            // so tell them apart by asking inspect.
            await InspectContainerAsync(id, false, ct);
            return null;
        }
        if (!response.IsSuccessStatusCode) throw new ApiException(response.StatusCode, $"{response.StatusCode}: could not stat {path}");
        return response.Headers.TryGetValues("X-Docker-Container-Path-Stat", out var values)
            ? JsonSerializer.Deserialize(Convert.FromBase64String(values.First()), ApiJsonContext.Default.ContainerPathStat)
            : null;
    }

    /// <summary>GET /containers/{id}/archive as a stream, so a large copy is extracted as it arrives. Dispose it when done.</summary>
    public async Task<Stream> GetArchiveAsync(string id, string path, CancellationToken ct)
    {
        var response = await SendAsync(HttpMethod.Get, $"containers/{Escape(id)}/archive?path={Uri.EscapeDataString(path)}", null, ct);
        return new ResponseStream(response, await response.Content.ReadAsStreamAsync(ct));
    }

    public async Task PutArchiveAsync(string id, string directory, Stream tar, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Put, $"containers/{Escape(id)}/archive?path={Uri.EscapeDataString(directory)}", TarContent(tar), ct);
    }

    public Task<ContainerStats> ContainerStatsOnceAsync(string id, CancellationToken ct) =>
        GetAsync($"containers/{Escape(id)}/stats?stream=false", ApiJsonContext.Default.ContainerStats, ct);

    private async Task CopyBodyAsync(string path, Stream output, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        await body.CopyToAsync(output, ct);
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, CancellationToken ct)
    {
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException e) when (e.InnerException is DaemonUnreachableException unreachable)
        {
            throw unreachable;
        }
    }
}

/// <summary>What <c>docker commit</c> sends as the query of POST /commit.</summary>
public sealed record ContainerCommitQuery(string Container, string? Repository, string? Tag, string? Comment, string? Author, bool Pause, IReadOnlyList<string> Changes);
