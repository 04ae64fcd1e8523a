using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Berth.Oci;

namespace Berth.Registry.Tests.Server;

public sealed class AuthTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Basic_auth_challenges_refuses_wrong_passwords_and_lets_users_in()
    {
        await using var registry = await TestRegistry.StartAsync(o => o with { Htpasswd = WriteHtpasswd(("alice", "wonderland")) });
        using (var anonymous = await registry.Client.GetAsync("/v2/"))
        {
            await TestRegistry.AssertErrorAsync(anonymous, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
            Assert.Equal("Basic realm=\"Berth Registry\"", anonymous.Headers.WwwAuthenticate.ToString());
        }
        using (var wrong = await Send(registry, HttpMethod.Get, "/v2/", Basic("alice", "looking-glass")))
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        using (var unknown = await Send(registry, HttpMethod.Get, "/v2/", Basic("bob", "wonderland")))
            Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        using (var right = await Send(registry, HttpMethod.Get, "/v2/", Basic("alice", "wonderland")))
            Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        var digest = Digest.Compute([1, 2, 3]);
        using (var push = await Send(registry, HttpMethod.Post, $"/v2/repo/blobs/uploads/?digest={digest}", Basic("alice", "wonderland"), new ByteArrayContent([1, 2, 3])))
            Assert.Equal(HttpStatusCode.Created, push.StatusCode);
        using (var pullAnonymous = await registry.Client.GetAsync($"/v2/repo/blobs/{digest}"))
            await TestRegistry.AssertErrorAsync(pullAnonymous, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task An_htpasswd_file_made_by_apache_htpasswd_is_accepted()
    {
        var file = _dir.Combine("apache.htpasswd");
        var result = await ProcessRunner.RunAsync("htpasswd", ["-B", "-b", "-c", file, "carol", "s3cret"]);
        result.AssertSuccess();
        Assert.StartsWith("carol:$2y$", await File.ReadAllTextAsync(file));
        await using var registry = await TestRegistry.StartAsync(o => o with { Htpasswd = file });
        using var response = await Send(registry, HttpMethod.Get, "/v2/", Basic("carol", "s3cret"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Htpasswd_entries_that_are_not_bcrypt_are_refused_at_start()
    {
        var file = _dir.Combine("md5.htpasswd");
        await File.WriteAllTextAsync(file, "dave:$apr1$abcdefgh$0123456789012345678901\n");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestRegistry.StartAsync(o => o with { Htpasswd = file }));
        Assert.Contains("bcrypt", error.Message);
    }

    [Fact]
    public async Task Token_flow_challenge_token_then_access()
    {
        await using var registry = await TestRegistry.StartAsync(o => o with { TokenIssuer = "test-registry" });
        using var challenged = await registry.Client.GetAsync("/v2/repo/tags/list");
        await TestRegistry.AssertErrorAsync(challenged, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        var challenge = Assert.Single(challenged.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Equal($"realm=\"{registry.Address}token\",service=\"test-registry\",scope=\"repository:repo:pull\"", challenge.Parameter);

        var (token, body) = await FetchTokenAsync(registry, "/token?service=test-registry&scope=repository:repo:pull,push");
        Assert.Equal(token, body.GetProperty("access_token").GetString());
        Assert.Equal(300, body.GetProperty("expires_in").GetInt32());
        Assert.True(DateTimeOffset.TryParse(body.GetProperty("issued_at").GetString(), out _));

        var digest = Digest.Compute([5]);
        using (var push = await Send(registry, HttpMethod.Post, $"/v2/repo/blobs/uploads/?digest={digest}", Bearer(token), new ByteArrayContent([5])))
            Assert.Equal(HttpStatusCode.Created, push.StatusCode);
        using (var pull = await Send(registry, HttpMethod.Get, $"/v2/repo/blobs/{digest}", Bearer(token)))
            Assert.Equal(HttpStatusCode.OK, pull.StatusCode);
        using (var otherRepo = await Send(registry, HttpMethod.Get, $"/v2/other/blobs/{digest}", Bearer(token)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, otherRepo.StatusCode);
            Assert.Contains("error=\"insufficient_scope\"", otherRepo.Headers.WwwAuthenticate.ToString());
            Assert.Contains("scope=\"repository:other:pull\"", otherRepo.Headers.WwwAuthenticate.ToString());
        }
    }

    [Fact]
    public async Task A_pull_token_cannot_push()
    {
        await using var registry = await TestRegistry.StartAsync(o => o with { TokenIssuer = "test-registry" });
        var (token, _) = await FetchTokenAsync(registry, "/token?scope=repository:repo:pull");
        using var push = await Send(registry, HttpMethod.Post, "/v2/repo/blobs/uploads/", Bearer(token));
        Assert.Equal(HttpStatusCode.Unauthorized, push.StatusCode);
        Assert.Contains("scope=\"repository:repo:pull,push\"", push.Headers.WwwAuthenticate.ToString());
        Assert.Contains("insufficient_scope", push.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task With_htpasswd_the_token_endpoint_grants_only_to_users()
    {
        await using var registry = await TestRegistry.StartAsync(o => o with
        {
            TokenRealm = "https://auth.example/token", TokenIssuer = "test-registry", Htpasswd = WriteHtpasswd(("erin", "pw")),
        });
        using (var challenged = await registry.Client.GetAsync("/v2/"))
            Assert.Equal("Bearer realm=\"https://auth.example/token\",service=\"test-registry\"", challenged.Headers.WwwAuthenticate.ToString());
        var (anonymous, _) = await FetchTokenAsync(registry, "/token?scope=repository:repo:pull");
        using (var refused = await Send(registry, HttpMethod.Get, "/v2/repo/tags/list", Bearer(anonymous)))
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using (var wrong = await Send(registry, HttpMethod.Get, "/token?scope=repository:repo:pull", Basic("erin", "nope")))
            await TestRegistry.AssertErrorAsync(wrong, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        var (granted, _) = await FetchTokenAsync(registry, "/token?scope=repository:repo:pull", Basic("erin", "pw"));
        using var allowed = await Send(registry, HttpMethod.Get, "/v2/repo/tags/list", Bearer(granted));
        await TestRegistry.AssertErrorAsync(allowed, HttpStatusCode.NotFound, "NAME_UNKNOWN");
    }

    [Fact]
    public async Task Expired_and_foreign_tokens_are_refused()
    {
        var time = new ManualTime(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
        await using var registry = await TestRegistry.StartAsync(o => o with { TokenIssuer = "test-registry" }, time: time);
        await using var other = await TestRegistry.StartAsync(o => o with { TokenIssuer = "test-registry" }, time: time);
        var (token, _) = await FetchTokenAsync(registry, "/token?scope=repository:repo:pull");
        var (foreign, _) = await FetchTokenAsync(other, "/token?scope=repository:repo:pull");
        using (var valid = await Send(registry, HttpMethod.Get, "/v2/", Bearer(token)))
            Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        using (var signedElsewhere = await Send(registry, HttpMethod.Get, "/v2/", Bearer(foreign)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, signedElsewhere.StatusCode);
            Assert.Contains("error=\"invalid_token\"", signedElsewhere.Headers.WwwAuthenticate.ToString());
        }
        time.Now += TimeSpan.FromMinutes(6);
        using var expired = await Send(registry, HttpMethod.Get, "/v2/", Bearer(token));
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
    }

    [Fact]
    public async Task Mount_without_pull_access_to_the_source_falls_back_to_an_upload()
    {
        await using var registry = await TestRegistry.StartAsync(o => o with { TokenIssuer = "test-registry" });
        var (all, _) = await FetchTokenAsync(registry, "/token?scope=repository:source:pull,push&scope=repository:target:pull,push");
        var digest = Digest.Compute([8]);
        using (var push = await Send(registry, HttpMethod.Post, $"/v2/source/blobs/uploads/?digest={digest}", Bearer(all), new ByteArrayContent([8])))
            Assert.Equal(HttpStatusCode.Created, push.StatusCode);
        var (targetOnly, _) = await FetchTokenAsync(registry, "/token?scope=repository:target:pull,push");
        using (var fallback = await Send(registry, HttpMethod.Post, $"/v2/target/blobs/uploads/?mount={digest}&from=source", Bearer(targetOnly)))
            Assert.Equal(HttpStatusCode.Accepted, fallback.StatusCode);
        using var mounted = await Send(registry, HttpMethod.Post, $"/v2/target/blobs/uploads/?mount={digest}&from=source", Bearer(all));
        Assert.Equal(HttpStatusCode.Created, mounted.StatusCode);
    }

    private string WriteHtpasswd(params (string User, string Password)[] users)
    {
        var path = _dir.Combine($"{Guid.NewGuid():N}.htpasswd");
        // $2y$ as `htpasswd -B` writes it, at its default cost 5 (fast enough for tests).
        File.WriteAllLines(path, users.Select(u => $"{u.User}:{BCrypt.Net.BCrypt.HashPassword(u.Password, BCrypt.Net.BCrypt.GenerateSalt(5, 'y'))}"));
        return path;
    }

    private static async Task<(string Token, JsonElement Body)> FetchTokenAsync(TestRegistry registry, string path, AuthenticationHeaderValue? auth = null)
    {
        using var response = await Send(registry, HttpMethod.Get, path, auth);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return (body.GetProperty("token").GetString()!, body);
    }

    private static async Task<HttpResponseMessage> Send(TestRegistry registry, HttpMethod method, string path, AuthenticationHeaderValue? auth, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = auth;
        return await registry.Client.SendAsync(request);
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);
}
