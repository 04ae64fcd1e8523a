using System.Text;
using System.Text.Json;
using Berth.Api.Auth;

namespace Berth.Registry.Tests.Client;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DockerConfigFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-config-").FullName;
    private string PathOf => Path.Join(_dir, "config.json");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Store_WritesDockersAuthsShape_WithMode0600()
    {
        new DockerConfigFile(PathOf).Store("localhost:5000", "alice", "secret");
        using var json = JsonDocument.Parse(File.ReadAllText(PathOf));
        var auth = json.RootElement.GetProperty("auths").GetProperty("localhost:5000").GetProperty("auth").GetString()!;
        Assert.Equal("alice:secret", Encoding.UTF8.GetString(Convert.FromBase64String(auth)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PathOf));
    }

    [Fact]
    public void DockerHub_IsKeyedAsTheDockerCliKeysIt_UnderAnySpelling()
    {
        var file = new DockerConfigFile(PathOf);
        file.Store("docker.io", "bob", "pw");
        using (var json = JsonDocument.Parse(File.ReadAllText(PathOf)))
        {
            Assert.True(json.RootElement.GetProperty("auths").TryGetProperty("https://index.docker.io/v1/", out _));
        }
        foreach (var spelling in new[] { "docker.io", "index.docker.io", "https://index.docker.io/v1/", "registry-1.docker.io" })
        {
            Assert.Equal("bob", file.Get(spelling)?.Username);
        }
        Assert.True(file.Erase("index.docker.io"));
        Assert.Null(file.Get("docker.io"));
        Assert.False(file.Erase("docker.io"));
    }

    [Fact]
    public void OtherKeys_AreKept_AndEntriesWrittenByDockerAreRead()
    {
        File.WriteAllText(PathOf, """
            {
              "auths": { "http://reg.example:5000/v2/": { "auth": "dTpw" } },
              "credsStore": "",
              "psFormat": "table {{.ID}}"
            }
            """);
        var file = new DockerConfigFile(PathOf);
        var found = file.Get("reg.example:5000")!;
        Assert.Equal(("u", "p"), (found.Username, found.Password));
        file.Store("other:1", "x", "y");
        using var json = JsonDocument.Parse(File.ReadAllText(PathOf));
        Assert.Equal("table {{.ID}}", json.RootElement.GetProperty("psFormat").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("auths").EnumerateObject().Count());
    }

    [Fact]
    public void MissingFile_HasNoLogins() => Assert.Null(new DockerConfigFile(PathOf).Get("localhost:5000"));

    [Fact]
    public void BrokenFile_IsAnIOErrorNamingIt()
    {
        File.WriteAllText(PathOf, "{ not json");
        var error = Assert.Throws<IOException>(() => new DockerConfigFile(PathOf).Get("x"));
        Assert.Contains(PathOf, error.Message);
    }
}
