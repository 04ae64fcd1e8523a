using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Berth.Oci;

namespace Berth.Registry.Client;

/// <summary>
/// Talks to one registry as one identity. Requests carry the credentials the registry's challenge asks for:
/// Basic with the user's password, or a Bearer token for the request's scope (<c>repository:NAME:pull</c>),
/// fetched from the challenge's realm and cached until it expires. A 401 refreshes the challenge and the
/// token once. Idempotent requests are retried with back-off on transient failures (connection errors,
/// 5xx, 429).
/// </summary>
public sealed class RegistrySession
{
    private const int MaxAttempts = 5;
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(200);

    private readonly RegistryTransport _transport;
    private readonly RegistryCredentials? _credentials;
    private AuthChallenge? _challenge;

    private RegistrySession(RegistryTransport transport, string domain, Uri baseAddress, RegistryCredentials? credentials, AuthChallenge? challenge)
    {
        _transport = transport;
        Domain = domain;
        BaseAddress = baseAddress;
        _credentials = credentials;
        _challenge = challenge;
    }

    /// <summary>The registry as references name it (<c>docker.io</c>, <c>localhost:5000</c>).</summary>
    public string Domain { get; }

    /// <summary>Where its API answers, e.g. <c>https://registry-1.docker.io/</c>.</summary>
    public Uri BaseAddress { get; }

    internal static async Task<RegistrySession> OpenAsync(RegistryTransport transport, string domain, RegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        Exception? last = null;
        foreach (var candidate in await CandidatesAsync(transport, domain, cancellationToken))
        {
            try
            {
                var ping = new Uri(candidate, "v2/");
                using var response = await SendWithRetryAsync(transport.Http, () => new HttpRequestMessage(HttpMethod.Get, ping), cancellationToken);
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                    return new RegistrySession(transport, domain, candidate, credentials, ChallengeOf(response));
                if (response.IsSuccessStatusCode) return new RegistrySession(transport, domain, candidate, credentials, null);
                last = await RegistryErrors.FromResponseAsync(response, $"Get \"{ping}\"", cancellationToken);
            }
            catch (HttpRequestException e)
            {
                var cause = e.HttpRequestError == HttpRequestError.SecureConnectionError && transport.Trust.FailureOf(candidate.Authority) is { } tls
                    ? $"tls: failed to verify certificate: {tls}"
                    : Describe(e, candidate);
                last = new BerthException(ErrorKind.Unavailable, $"Get \"{new Uri(candidate, "v2/")}\": {cause}", e);
            }
        }
        throw last ?? new BerthException(ErrorKind.Unavailable, $"no endpoint for registry {domain}");
    }

    /// <summary>Mirrors (docker.io only), then the registry itself over HTTPS, then over HTTP when it is insecure.</summary>
    private static async Task<List<Uri>> CandidatesAsync(RegistryTransport transport, string domain, CancellationToken cancellationToken)
    {
        var candidates = new List<Uri>();
        if (domain == RegistryHosts.DockerHub) candidates.AddRange(transport.Options.Mirrors.Select(m => new Uri(m.ToString().TrimEnd('/') + "/")));
        var host = RegistryHosts.ApiHost(domain);
        candidates.Add(new Uri($"https://{host}/"));
        if (await transport.Options.IsInsecureAsync(host, cancellationToken))
        {
            transport.Trust.MarkInsecure(host);
            candidates.Add(new Uri($"http://{host}/"));
        }
        foreach (var mirror in candidates.Where(c => c.Scheme == "https").ToList())
        {
            if (await transport.Options.IsInsecureAsync(mirror.Authority, cancellationToken)) transport.Trust.MarkInsecure(mirror.Authority);
        }
        return candidates;
    }

    public Uri Url(string relative) => new(BaseAddress, relative);

    /// <summary>
    /// Sends the request that <paramref name="build"/> makes (a fresh one per attempt), authenticated for
    /// <paramref name="scopes"/>. Failures of idempotent requests are retried; the response is the caller's to check.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> build, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var authorization = await AuthorizationAsync(scopes, refresh: false, cancellationToken);
        var response = await SendOnceAsync(build, authorization, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || ChallengeOf(response) is not { } challenge) return response;
        // A 401 means no token yet, an expired one, or a wider scope needed: take the new challenge and try once more.
        var previous = _challenge;
        _challenge = challenge;
        if (challenge.IsBasic && (_credentials is not { HasPassword: true } || previous?.IsBasic == true)) return response;
        response.Dispose();
        authorization = await AuthorizationAsync(scopes, refresh: true, cancellationToken);
        return await SendOnceAsync(build, authorization, cancellationToken);
    }

    /// <summary>Checks the credentials: Basic against <c>/v2/</c>, or by getting a token for no particular scope.</summary>
    public async Task LoginAsync(CancellationToken cancellationToken)
    {
        var ping = Url("v2/");
        if (_challenge is null) return;
        if (_challenge.IsBearer)
        {
            await FetchTokenAsync(_challenge, [], cancellationToken);
            return;
        }
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, ping), [], cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new BerthException(ErrorKind.Unauthorized, $"login attempt to {ping} failed with status: {(int)response.StatusCode} {response.ReasonPhrase}");
    }

    private async Task<HttpResponseMessage> SendOnceAsync(Func<HttpRequestMessage> build, AuthenticationHeaderValue? authorization, CancellationToken cancellationToken) =>
        await SendWithRetryAsync(_transport.Http, () =>
        {
            var request = build();
            request.Headers.Authorization = authorization;
            return request;
        }, cancellationToken);

    private static async Task<HttpResponseMessage> SendWithRetryAsync(HttpClient http, Func<HttpRequestMessage> build, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = build();
            var retriable = request.Method == HttpMethod.Get || request.Method == HttpMethod.Head;
            try
            {
                var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                if (!retriable || attempt == MaxAttempts || !IsTransient(response.StatusCode)) return response;
                response.Dispose();
            }
            catch (HttpRequestException e) when (retriable && attempt < MaxAttempts && IsTransient(e))
            {
                // Connection refused or reset, a broken response: worth another try after a pause.
            }
            await Task.Delay(FirstBackoff * Math.Pow(2, attempt - 1), cancellationToken);
        }
    }

    internal static bool IsTransient(HttpStatusCode status) => status is HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError;

    // TLS and name-resolution failures will not heal by themselves; the rest (refused, reset, cut short) may.
    private static bool IsTransient(HttpRequestException e) =>
        e.HttpRequestError is not (HttpRequestError.SecureConnectionError or HttpRequestError.NameResolutionError);

    private async Task<AuthenticationHeaderValue?> AuthorizationAsync(IReadOnlyList<string> scopes, bool refresh, CancellationToken cancellationToken)
    {
        if (_challenge is null) return null;
        if (_challenge.IsBasic)
        {
            return _credentials is { HasPassword: true } c
                ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{c.Username}:{c.Password}")))
                : null;
        }
        if (!_challenge.IsBearer) return null;
        if (_credentials?.RegistryToken is { Length: > 0 } given) return new AuthenticationHeaderValue("Bearer", given);
        var key = TokenCache.Key(_challenge["realm"] ?? "", _challenge["service"], string.Join(' ', ScopesFor(_challenge, scopes)), _credentials?.Username);
        var token = refresh ? null : _transport.Tokens.Get(key);
        token ??= await FetchTokenAsync(_challenge, scopes, cancellationToken);
        return new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>The scopes to ask for: ours, plus the one the registry's challenge named when it differs.</summary>
    private static List<string> ScopesFor(AuthChallenge challenge, IReadOnlyList<string> scopes)
    {
        var all = scopes.ToList();
        if (challenge["scope"] is { Length: > 0 } asked)
        {
            foreach (var scope in asked.Split(' ', StringSplitOptions.RemoveEmptyEntries)) if (!all.Contains(scope)) all.Add(scope);
        }
        return all;
    }

    private async Task<string> FetchTokenAsync(AuthChallenge challenge, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var realm = challenge["realm"] ?? throw new BerthException(ErrorKind.Unavailable, $"registry {Domain} sent a Bearer challenge without a realm");
        var all = ScopesFor(challenge, scopes);
        var query = new StringBuilder();
        if (challenge["service"] is { } service) query.Append("&service=").Append(Uri.EscapeDataString(service));
        foreach (var scope in all) query.Append("&scope=").Append(Uri.EscapeDataString(scope));
        var separator = realm.Contains('?') ? "&" : "?";
        var url = new Uri(query.Length == 0 ? realm : realm + separator + query.ToString(1, query.Length - 1));
        using var response = await SendWithRetryAsync(_transport.Http, () =>
        {
            if (_credentials?.IdentityToken is { Length: > 0 } refresh)
            {
                // An identity token from an earlier login is an OAuth2 refresh token: trade it, as the docker daemon does.
                var form = new List<KeyValuePair<string, string>> { new("grant_type", "refresh_token"), new("refresh_token", refresh), new("client_id", "berth") };
                if (challenge["service"] is { } service) form.Add(new("service", service));
                if (all.Count > 0) form.Add(new("scope", string.Join(' ', all)));
                return new HttpRequestMessage(HttpMethod.Post, realm) { Content = new FormUrlEncodedContent(form) };
            }
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (_credentials is { HasPassword: true } c)
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{c.Username}:{c.Password}")));
            return request;
        }, cancellationToken);
        if (!response.IsSuccessStatusCode) throw await RegistryErrors.FromResponseAsync(response, $"Get \"{Url("v2/")}\"", cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        TokenResponse? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(body, RegistryClientJsonContext.Default.TokenResponse);
        }
        catch (JsonException e)
        {
            throw new BerthException(ErrorKind.Unavailable, $"token service {realm} answered with invalid JSON: {e.Message}", e);
        }
        var token = parsed?.Token is { Length: > 0 } t ? t : parsed?.AccessToken;
        if (string.IsNullOrEmpty(token)) throw new BerthException(ErrorKind.Unavailable, $"token service {realm} answered without a token");
        // The token spec's default lifetime is 60 seconds.
        var lifetime = TimeSpan.FromSeconds(parsed!.ExpiresIn > 0 ? parsed.ExpiresIn : 60);
        _transport.Tokens.Put(TokenCache.Key(realm, challenge["service"], string.Join(' ', all), _credentials?.Username), token, lifetime);
        return token;
    }

    private static AuthChallenge? ChallengeOf(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("WWW-Authenticate", out var values)) return null;
        var challenges = values.SelectMany(AuthChallenge.Parse).ToList();
        return challenges.FirstOrDefault(c => c.IsBearer) ?? challenges.FirstOrDefault(c => c.IsBasic);
    }

    /// <summary>A failed connection in Go's words, as Docker shows them: <c>dial tcp HOST:PORT: connect: connection refused</c>.</summary>
    internal static string Describe(HttpRequestException e, Uri endpoint)
    {
        if (e.HttpRequestError == HttpRequestError.NameResolutionError) return $"dial tcp: lookup {endpoint.Host}: no such host";
        Exception inner = e;
        while (inner.InnerException is not null) inner = inner.InnerException;
        return inner is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused }
            ? $"dial tcp {endpoint.Host}:{endpoint.Port}: connect: connection refused"
            : inner.Message;
    }
}
