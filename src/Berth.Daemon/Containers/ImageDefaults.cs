using Berth.Api.Models;
using Berth.Oci;

namespace Berth.Daemon.Containers;

/// <summary>
/// Fills a create request's Config with the image's defaults where the user gave none, by dockerd's rules
/// (daemon/commit.go merge), so that inspect shows the configuration the container really runs with:
/// the image's Cmd only when the user gave neither Cmd nor Entrypoint, image variables and labels the user
/// did not set, and the image's user, working directory, stop signal, ports, volumes and healthcheck.
/// </summary>
public static class ImageDefaults
{
    public static ContainerCreateRequest Apply(ContainerCreateRequest request, ContainerConfig? image)
    {
        if (image is null) return request;
        var entrypoint = request.Entrypoint;
        var cmd = request.Cmd;
        var argsEscaped = request.ArgsEscaped;
        if (entrypoint is not { Count: > 0 })
        {
            if (cmd is not { Count: > 0 })
            {
                cmd = image.Cmd;
                argsEscaped = image.ArgsEscaped;
            }
            entrypoint ??= image.Entrypoint;
        }
        return request with
        {
            User = !string.IsNullOrEmpty(request.User) ? request.User : image.User ?? "",
            ExposedPorts = Union(request.ExposedPorts, image.ExposedPorts),
            Env = MergeEnv(request.Env, image.Env),
            Cmd = cmd,
            ArgsEscaped = argsEscaped,
            Entrypoint = entrypoint,
            Volumes = Union(request.Volumes, image.Volumes),
            WorkingDir = !string.IsNullOrEmpty(request.WorkingDir) ? request.WorkingDir : image.WorkingDir ?? "",
            Labels = Union(request.Labels, image.Labels),
            StopSignal = request.StopSignal is { Length: > 0 } ? request.StopSignal : image.StopSignal,
            OnBuild = request.OnBuild is { Count: > 0 } ? request.OnBuild : image.OnBuild,
            Healthcheck = MergeHealthcheck(request.Healthcheck, image.Healthcheck),
            Shell = request.Shell is { Count: > 0 } ? request.Shell : image.Shell,
        };
    }

    /// <summary>The user's variables, then each image variable whose name the user did not set (dockerd's order).</summary>
    private static IReadOnlyList<string>? MergeEnv(IReadOnlyList<string>? user, IReadOnlyList<string>? image)
    {
        if (image is not { Count: > 0 }) return user;
        var keys = (user ?? []).Select(Key).ToHashSet(StringComparer.Ordinal);
        return [.. user ?? [], .. image.Where(e => !keys.Contains(Key(e)))];
    }

    private static string Key(string variable) => variable.Split('=', 2)[0];

    private static Dictionary<string, T>? Union<T>(Dictionary<string, T>? user, Dictionary<string, T>? image)
    {
        if (image is not { Count: > 0 }) return user;
        var merged = new Dictionary<string, T>(user ?? [], StringComparer.Ordinal);
        foreach (var (key, value) in image) merged.TryAdd(key, value);
        return merged;
    }

    /// <summary>A healthcheck given without a test inherits the image's test, and each unset timing the image's.</summary>
    private static ContainerHealthcheck? MergeHealthcheck(ContainerHealthcheck? user, HealthConfig? image)
    {
        if (image is null) return user;
        if (user is null) return new ContainerHealthcheck { Test = image.Test, Interval = image.Interval, Timeout = image.Timeout, StartPeriod = image.StartPeriod, Retries = image.Retries };
        return user with
        {
            Test = user.Test is { Count: > 0 } ? user.Test : image.Test,
            Interval = user.Interval != 0 ? user.Interval : image.Interval,
            Timeout = user.Timeout != 0 ? user.Timeout : image.Timeout,
            StartPeriod = user.StartPeriod != 0 ? user.StartPeriod : image.StartPeriod,
            Retries = user.Retries != 0 ? user.Retries : image.Retries,
        };
    }
}
