using System.Text.Json;
using Berth.Oci;
using Berth.Oci.Runtime;

namespace Berth.Runtime.Spec.Seccomp;

/// <summary>The seccomp filters a container can get: Berth's default, or a Docker-format profile of the user's.</summary>
public static class SeccompProfiles
{
    /// <summary>Berth's default profile, decided for the container's capabilities and the host.</summary>
    public static LinuxSeccomp Default(SeccompTarget target) => SeccompResolver.Resolve(DefaultSeccompProfile.Profile, target);

    /// <summary>
    /// Loads a Docker-format profile given as <c>seccomp=</c>'s value: a file path, or the JSON itself, which
    /// is what the docker CLI sends after reading the file on the client's machine.
    /// </summary>
    public static LinuxSeccomp Load(string pathOrJson, SeccompTarget target)
    {
        string json;
        if (pathOrJson.TrimStart().StartsWith('{'))
        {
            json = pathOrJson;
        }
        else
        {
            try
            {
                json = File.ReadAllText(pathOrJson);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw BerthException.Invalid($"opening seccomp profile ({pathOrJson}) failed: {e.Message}", e);
            }
        }
        SeccompProfile profile;
        try
        {
            profile = JsonSerializer.Deserialize(json, SeccompJsonContext.Default.SeccompProfile)
                ?? throw BerthException.Invalid("decoding seccomp profile failed: the profile is empty");
        }
        catch (JsonException e)
        {
            throw BerthException.Invalid($"decoding seccomp profile failed: {e.Message}", e);
        }
        return SeccompResolver.Resolve(profile, target);
    }
}
