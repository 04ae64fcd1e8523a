using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Registry;

/// <summary>berth and docker CLI runs against one berthd, with a docker config directory of the test's own (logins go there).</summary>
public sealed class RegistryCli(BerthDaemon daemon, string configDirectory)
{
    /// <summary>The CLIs for a container host's daemon, with a config directory in the host's own directories.</summary>
    public static RegistryCli For(ContainerHost host) => new(host.Daemon, host.Dirs.Combine("docker-config"));

    public string ConfigPath => Path.Combine(configDirectory, "config.json");

    public Task<ProcessResult> BerthAsync(params string[] args) =>
        ProcessRunner.RunAsync(RepoPaths.Berth, ["-H", daemon.Host, .. args], Environment(), timeout: TimeSpan.FromMinutes(4));

    public Task<ProcessResult> BerthWithInputAsync(string stdinFile, params string[] args) =>
        ProcessRunner.RunAsync(RepoPaths.Berth, ["-H", daemon.Host, .. args], Environment(), stdinFile, TimeSpan.FromMinutes(4));

    public Task<ProcessResult> DockerAsync(params string[] args) =>
        ProcessRunner.RunAsync("docker", args, new Dictionary<string, string> { ["DOCKER_HOST"] = daemon.Host, ["DOCKER_CONFIG"] = configDirectory },
            timeout: TimeSpan.FromMinutes(4));

    public Task<ProcessResult> DockerWithInputAsync(string stdinFile, params string[] args) =>
        ProcessRunner.RunAsync("docker", args, new Dictionary<string, string> { ["DOCKER_HOST"] = daemon.Host, ["DOCKER_CONFIG"] = configDirectory },
            stdinFile, TimeSpan.FromMinutes(4));

    private Dictionary<string, string> Environment() => new() { ["DOCKER_CONFIG"] = configDirectory };
}
