using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Berth.Api.Auth;
using Berth.Api.Models;

namespace Berth.Api.Client;

public sealed partial class BerthClient
{
    /// <summary>
    /// <c>POST /images/create?fromImage=</c>: <paramref name="tagOrDigest"/> empty pulls every tag. The credentials go in
    /// <c>X-Registry-Auth</c>, as the docker CLI sends them.
    /// </summary>
    public IAsyncEnumerable<JsonMessage> PullAsync(string image, string? tagOrDigest, string? platform, AuthConfig? auth, CancellationToken ct) =>
        StreamWithAuthAsync($"images/create?fromImage={Uri.EscapeDataString(image)}{Query("tag", tagOrDigest)}{Query("platform", platform)}", auth, ct);

    public IAsyncEnumerable<JsonMessage> PushAsync(string image, string? tag, AuthConfig? auth, CancellationToken ct) =>
        StreamWithAuthAsync($"images/{Escape(image)}/push?{Query("tag", tag).TrimStart('&')}", auth, ct);

    /// <summary><c>POST /auth</c>: the daemon checks the credentials with the registry.</summary>
    public async Task<AuthResponse> LoginAsync(AuthConfig auth, CancellationToken ct)
    {
        var body = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(auth, ApiJsonContext.Default.AuthConfig));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await SendAsync(HttpMethod.Post, "auth", body, ct);
        return await ReadAsync(response, ApiJsonContext.Default.AuthResponse, ct);
    }

    private async IAsyncEnumerable<JsonMessage> StreamWithAuthAsync(string path, AuthConfig? auth, [EnumeratorCancellation] CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, path, null, ct, request =>
        {
            if (auth is not null) request.Headers.TryAddWithoutValidation(RegistryAuthHeader.Name, RegistryAuthHeader.Encode(auth));
        });
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        await foreach (var message in JsonSerializer.DeserializeAsyncEnumerable(stream, ApiJsonContext.Default.JsonMessage, topLevelValues: true, ct))
        {
            if (message is not null) yield return message;
        }
    }
}
