using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Api.Auth;

/// <summary>
/// The docker CLI's <c>config.json</c> (<c>$DOCKER_CONFIG/config.json</c>, else <c>~/.docker/config.json</c>), so that
/// docker and berth share logins. Only <c>auths</c> is read and written; every other key is kept as it was.
/// Written atomically with mode 0600, since it holds passwords (base64 is no protection).
/// </summary>
public sealed class DockerConfigFile(string path)
{
    public string Path { get; } = path;

    public static DockerConfigFile Default()
    {
        var dir = Environment.GetEnvironmentVariable("DOCKER_CONFIG");
        if (string.IsNullOrEmpty(dir)) dir = System.IO.Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");
        return new DockerConfigFile(System.IO.Path.Join(dir, "config.json"));
    }

    /// <summary>The stored login for <paramref name="server"/> (any spelling of it), or null.</summary>
    public AuthConfig? Get(string server)
    {
        var key = RegistryServer.ConfigKey(server);
        if (Load()["auths"] is not JsonObject auths) return null;
        foreach (var (name, value) in auths)
        {
            if (value is not JsonObject entry || RegistryServer.ConfigKey(name) != key) continue;
            var config = new AuthConfig
            {
                Auth = entry["auth"]?.GetValue<string>(),
                IdentityToken = entry["identitytoken"]?.GetValue<string>(),
                ServerAddress = name,
            };
            (config.Username, config.Password) = RegistryAuthHeader.Credentials(config);
            config.Auth = null;
            return config.IsEmpty ? null : config;
        }
        return null;
    }

    public void Store(string server, string username, string password)
    {
        var root = Load();
        if (root["auths"] is not JsonObject auths) root["auths"] = auths = new JsonObject();
        Remove(auths, server);
        auths[RegistryServer.ConfigKey(server)] = new JsonObject
        {
            ["auth"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")),
        };
        Save(root);
    }

    /// <summary>Forgets the login for <paramref name="server"/>; false when there was none.</summary>
    public bool Erase(string server)
    {
        var root = Load();
        if (root["auths"] is not JsonObject auths || !Remove(auths, server)) return false;
        Save(root);
        return true;
    }

    private static bool Remove(JsonObject auths, string server)
    {
        var key = RegistryServer.ConfigKey(server);
        var names = auths.Select(a => a.Key).Where(name => RegistryServer.ConfigKey(name) == key).ToList();
        foreach (var name in names) auths.Remove(name);
        return names.Count > 0;
    }

    private JsonObject Load()
    {
        if (!File.Exists(Path)) return new JsonObject();
        try
        {
            return JsonNode.Parse(File.ReadAllText(Path)) as JsonObject ?? new JsonObject();
        }
        catch (JsonException e)
        {
            throw new IOException($"loading config file: {Path}: {e.Message}", e);
        }
    }

    private void Save(JsonObject root)
    {
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        Directory.CreateDirectory(dir);
        var temp = System.IO.Path.Join(dir, $".config.json.{Guid.NewGuid():N}");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new FileStream(temp, options))
        {
            file.Write(Encoding.UTF8.GetBytes(root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, TypeInfoResolver = ApiJsonContext.Default })));
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, Path, overwrite: true);
    }
}
