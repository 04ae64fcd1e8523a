using Berth.Api;
using Berth.Api.Models;
using Berth.Oci;
using Berth.Cli.Commands.Container.Parsing;

namespace Berth.Cli.Commands.Container;

/// <summary>
/// Turns the run/create flags into the POST /containers/create body the way docker's <c>parse</c> does, so the
/// daemon receives what it would receive from the docker CLI (empty lists and maps where docker sends them,
/// null where docker sends null).
/// </summary>
internal static class CreateRequestBuilder
{
    /// <param name="lookupEnv">The CLI's environment, for bare <c>-e KEY</c> and env-file lines.</param>
    /// <exception cref="FlagValueException">A flag's value does not parse.</exception>
    /// <exception cref="ContainerOptionsException">The flags conflict or a file cannot be read.</exception>
    public static async Task<ContainerCreateRequest> BuildAsync(ContainerFlagValues flags, Func<string, string?> lookupEnv, string workingDirectory, CancellationToken ct)
    {
        var attach = flags.Attach.Select(ValidateAttach).ToList();
        var attachStdin = attach.Contains("stdin") || flags.Interactive;
        var attachAll = attach.Count == 0;

        var binds = new List<string>();
        var volumes = new Dictionary<string, EmptyObject>(StringComparer.Ordinal);
        foreach (var spec in flags.Volumes)
        {
            if (VolumeSpec.ToBind(spec, workingDirectory) is { } bind) binds.Add(bind);
            else volumes[spec] = new EmptyObject();
        }

        var tmpfs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in flags.Tmpfs)
        {
            var colon = entry.IndexOf(':');
            tmpfs[colon < 0 ? entry : entry[..colon]] = colon < 0 ? "" : entry[(colon + 1)..];
        }

        var restart = RestartPolicyParser.Parse(flags.Restart);
        if (flags.AutoRemove && !RestartPolicyParser.IsNone(restart))
            throw new ContainerOptionsException("conflicting options: cannot specify both --restart and --rm");

        if (flags.LogDriver == "none" && flags.LogOpts.Count > 0)
            throw new ContainerOptionsException("invalid logging opts for driver none");

        var security = await SecurityOptions.ParseAsync(flags.SecurityOpt, ct);
        var (capAdd, capDrop) = Capabilities.Effective(flags.CapAdd, flags.CapDrop);
        var (networkMode, endpoints) = Networks(flags.Networks);

        return ContainerNetworkFlags.Apply(new ContainerCreateRequest
        {
            Hostname = flags.Hostname ?? "",
            User = flags.User ?? "",
            AttachStdin = attachStdin,
            AttachStdout = attachAll || attach.Contains("stdout"),
            AttachStderr = attachAll || attach.Contains("stderr"),
            Tty = flags.Tty,
            OpenStdin = flags.Interactive,
            StdinOnce = flags.Interactive && attachStdin,
            Env = await EnvVariables.ReadAsync(flags.EnvFiles, flags.Env, lookupEnv, ct),
            Cmd = flags.Args.Count > 0 ? flags.Args : null,
            Healthcheck = flags.Health.ToHealthcheck(),
            Image = flags.Image,
            Volumes = volumes,
            WorkingDir = flags.Workdir ?? "",
            Entrypoint = flags.Entrypoint is null ? null : [flags.Entrypoint],
            Labels = await Parsing.Labels.ReadAsync(flags.LabelFiles, flags.Labels, ct),
            StopSignal = string.IsNullOrEmpty(flags.StopSignal) ? null : flags.StopSignal,
            StopTimeout = flags.StopTimeout,
            HostConfig = new HostConfig
            {
                Binds = binds.Count > 0 ? binds : null,
                VolumesFrom = flags.VolumesFrom.Count > 0 ? flags.VolumesFrom : null,
                LogConfig = new LogConfig { Type = flags.LogDriver ?? "", Config = Parsing.Labels.ToMap(flags.LogOpts) },
                NetworkMode = networkMode,
                PortBindings = [],
                RestartPolicy = restart,
                AutoRemove = flags.AutoRemove,
                CapAdd = capAdd,
                CapDrop = capDrop,
                Dns = [],
                DnsOptions = [],
                DnsSearch = [],
                GroupAdd = flags.GroupAdd.Count > 0 ? flags.GroupAdd : null,
                Privileged = flags.Privileged,
                ReadonlyRootfs = flags.ReadOnly,
                SecurityOpt = security.Options,
                Tmpfs = tmpfs.Count > 0 ? tmpfs : null,
                ShmSize = Size("--shm-size", flags.ShmSize, RamSize.Parse),
                Runtime = string.IsNullOrEmpty(flags.Runtime) ? null : flags.Runtime,
                CpuShares = flags.CpuShares,
                Memory = Size("-m, --memory", flags.Memory, RamSize.Parse),
                NanoCpus = string.IsNullOrEmpty(flags.Cpus) ? 0 : NanoCpus.Parse(flags.Cpus),
                BlkioWeightDevice = [],
                BlkioDeviceReadBps = [],
                BlkioDeviceWriteBps = [],
                BlkioDeviceReadIOps = [],
                BlkioDeviceWriteIOps = [],
                CpusetCpus = flags.CpusetCpus ?? "",
                Devices = [],
                MemoryReservation = Size("--memory-reservation", flags.MemoryReservation, RamSize.Parse),
                MemorySwap = Size("--memory-swap", flags.MemorySwap, RamSize.ParseSwap),
                MemorySwappiness = -1,
                OomKillDisable = false,
                PidsLimit = flags.PidsLimit,
                Ulimits = UlimitSpec.ParseAll(flags.Ulimits),
                Mounts = flags.Mounts.Count > 0 ? [.. flags.Mounts.Select(m => MountSpec.Parse(m, workingDirectory))] : null,
                MaskedPaths = security.MaskedPaths,
                ReadonlyPaths = security.ReadonlyPaths,
                Init = flags.Init,
            },
            NetworkingConfig = new NetworkingConfig { EndpointsConfig = endpoints },
        }, flags.Networking);
    }

    /// <summary>
    /// docker's parseNetworkOpts for plain network names: none given is the "default" network with an empty
    /// endpoint; one given becomes the NetworkMode with no endpoint config; several each get an endpoint.
    /// </summary>
    private static (string Mode, Dictionary<string, EndpointSettings?> Endpoints) Networks(IReadOnlyList<string> networks)
    {
        if (networks.Count == 0) return ("default", new() { ["default"] = new EndpointSettings() });
        var endpoints = new Dictionary<string, EndpointSettings?>(StringComparer.Ordinal);
        if (networks.Count > 1)
        {
            foreach (var network in networks)
            {
                if (!endpoints.TryAdd(network, new EndpointSettings()))
                    throw new ContainerOptionsException($"network \"{network}\" is specified multiple times");
            }
        }
        return (networks[0], endpoints);
    }

    private static string ValidateAttach(string stream) =>
        stream.ToLowerInvariant() is "stdin" or "stdout" or "stderr"
            ? stream.ToLowerInvariant()
            : throw new FlagValueException("-a, --attach", stream, "valid streams are STDIN, STDOUT and STDERR");

    private static long Size(string flag, string? value, Func<string, long> parse)
    {
        if (string.IsNullOrEmpty(value)) return 0;
        try
        {
            return parse(value);
        }
        catch (FormatException e)
        {
            throw new FlagValueException(flag, value, e.Message);
        }
    }
}
