using System.CommandLine;
using Berth.Cli.Commands.Container.Parsing;

namespace Berth.Cli.Commands.Container;

/// <summary>
/// The flags <c>run</c> and <c>create</c> share (docker's containerOptions), with docker's names and help. Values
/// are read raw here and turned into a request by <see cref="CreateRequestBuilder"/>, so the parsing is testable
/// without a command line.
/// </summary>
internal sealed class ContainerFlags
{
    public Option<string[]> Attach { get; } = new("--attach", "-a") { Description = "Attach to STDIN, STDOUT or STDERR" };
    public Option<bool> Interactive { get; } = new("--interactive", "-i") { Description = "Keep STDIN open even if not attached" };
    public Option<bool> Tty { get; } = new("--tty", "-t") { Description = "Allocate a pseudo-TTY" };
    public Option<bool> AutoRemove { get; } = new("--rm") { Description = "Automatically remove the container and its associated anonymous volumes when it exits" };
    public Option<string[]> Env { get; } = new("--env", "-e") { Description = "Set environment variables" };
    public Option<string[]> EnvFile { get; } = new("--env-file") { Description = "Read in a file of environment variables" };
    public Option<string[]> Label { get; } = new("--label", "-l") { Description = "Set meta data on a container" };
    public Option<string[]> LabelFile { get; } = new("--label-file") { Description = "Read in a line delimited file of labels" };
    public Option<string?> Workdir { get; } = new("--workdir", "-w") { Description = "Working directory inside the container" };
    public Option<string?> User { get; } = new("--user", "-u") { Description = "Username or UID (format: <name|uid>[:<group|gid>])" };
    public Option<string?> Entrypoint { get; } = new("--entrypoint") { Description = "Overwrite the default ENTRYPOINT of the image" };
    public Option<string?> Hostname { get; } = new("--hostname", "-h") { Description = "Container host name" };
    public Option<bool?> Init { get; } = new("--init") { Description = "Run an init inside the container that forwards signals and reaps processes", Arity = ArgumentArity.ZeroOrOne };
    public Option<string> Restart { get; } = new("--restart") { Description = "Restart policy to apply when a container exits", DefaultValueFactory = _ => "no" };
    public Option<string?> StopSignal { get; } = new("--stop-signal") { Description = "Signal to stop the container" };
    public Option<int?> StopTimeout { get; } = new("--stop-timeout") { Description = "Timeout (in seconds) to stop a container" };
    public Option<string[]> Volume { get; } = new("--volume", "-v") { Description = "Bind mount a volume" };
    public Option<string[]> Mount { get; } = new("--mount") { Description = "Attach a filesystem mount to the container" };
    public Option<string[]> VolumesFrom { get; } = new("--volumes-from") { Description = "Mount volumes from the specified container(s)" };
    public Option<string[]> Tmpfs { get; } = new("--tmpfs") { Description = "Mount a tmpfs directory" };
    public Option<string?> Memory { get; } = new("--memory", "-m") { Description = "Memory limit" };
    public Option<string?> MemorySwap { get; } = new("--memory-swap") { Description = "Swap limit equal to memory plus swap: '-1' to enable unlimited swap" };
    public Option<string?> MemoryReservation { get; } = new("--memory-reservation") { Description = "Memory soft limit" };
    public Option<string?> Cpus { get; } = new("--cpus") { Description = "Number of CPUs" };
    public Option<long> CpuShares { get; } = new("--cpu-shares", "-c") { Description = "CPU shares (relative weight)" };
    public Option<string?> CpusetCpus { get; } = new("--cpuset-cpus") { Description = "CPUs in which to allow execution (0-3, 0,1)" };
    public Option<long> PidsLimit { get; } = new("--pids-limit") { Description = "Tune container pids limit (set -1 for unlimited)" };
    public Option<string[]> Ulimit { get; } = new("--ulimit") { Description = "Ulimit options" };
    public Option<string[]> CapAdd { get; } = new("--cap-add") { Description = "Add Linux capabilities" };
    public Option<string[]> CapDrop { get; } = new("--cap-drop") { Description = "Drop Linux capabilities" };
    public Option<bool> Privileged { get; } = new("--privileged") { Description = "Give extended privileges to this container" };
    public Option<string[]> SecurityOpt { get; } = new("--security-opt") { Description = "Security Options" };
    public Option<bool> ReadOnly { get; } = new("--read-only") { Description = "Mount the container's root filesystem as read only" };
    public Option<string?> ShmSize { get; } = new("--shm-size") { Description = "Size of /dev/shm" };
    public Option<string[]> GroupAdd { get; } = new("--group-add") { Description = "Add additional groups to join" };
    public Option<string[]> Network { get; } = new("--network", "--net") { Description = "Connect a container to a network" };
    public Option<string?> HealthCmd { get; } = new("--health-cmd") { Description = "Command to run to check health" };
    public Option<string?> HealthInterval { get; } = new("--health-interval") { Description = "Time between running the check (ms|s|m|h) (default 0s)" };
    public Option<string?> HealthTimeout { get; } = new("--health-timeout") { Description = "Maximum time to allow one check to run (ms|s|m|h) (default 0s)" };
    public Option<int> HealthRetries { get; } = new("--health-retries") { Description = "Consecutive failures needed to report unhealthy" };
    public Option<string?> HealthStartPeriod { get; } = new("--health-start-period") { Description = "Start period for the container to initialize before starting health-retries countdown (ms|s|m|h) (default 0s)" };
    public Option<string?> HealthStartInterval { get; } = new("--health-start-interval") { Description = "Time between running the check during the start period (ms|s|m|h) (default 0s)" };
    public Option<bool> NoHealthcheck { get; } = new("--no-healthcheck") { Description = "Disable any container-specified HEALTHCHECK" };
    public Option<string?> LogDriver { get; } = new("--log-driver") { Description = "Logging driver for the container" };
    public Option<string[]> LogOpt { get; } = new("--log-opt") { Description = "Log driver options" };
    public Option<string?> Runtime { get; } = new("--runtime") { Description = "Runtime to use for this container" };
    public Option<string?> Name { get; } = new("--name") { Description = "Assign a name to the container" };

    public ContainerNetworkFlags Networking { get; } = new();

    public void AddTo(Command command)
    {
        Networking.AddTo(command);
        foreach (var option in new Option[]
        {
            Attach, Interactive, Tty, AutoRemove, Env, EnvFile, Label, LabelFile, Workdir, User, Entrypoint, Hostname, Init,
            Restart, StopSignal, StopTimeout, Volume, Mount, Tmpfs, Memory, MemorySwap, MemoryReservation, Cpus, CpuShares,
            CpusetCpus, PidsLimit, Ulimit, CapAdd, CapDrop, Privileged, SecurityOpt, ReadOnly, ShmSize, GroupAdd, Network,
            HealthCmd, HealthInterval, HealthTimeout, HealthRetries, HealthStartPeriod, HealthStartInterval, NoHealthcheck,
            LogDriver, LogOpt, Runtime, Name, VolumesFrom,
        })
        {
            command.Options.Add(option);
        }
    }

    public ContainerFlagValues Read(ParseResult parse, string image, IReadOnlyList<string> args) => new()
    {
        Image = image,
        Args = args,
        Attach = parse.GetValue(Attach) ?? [],
        Interactive = parse.GetValue(Interactive),
        Tty = parse.GetValue(Tty),
        AutoRemove = parse.GetValue(AutoRemove),
        Env = parse.GetValue(Env) ?? [],
        EnvFiles = parse.GetValue(EnvFile) ?? [],
        Labels = parse.GetValue(Label) ?? [],
        LabelFiles = parse.GetValue(LabelFile) ?? [],
        Workdir = parse.GetValue(Workdir),
        User = parse.GetValue(User),
        Entrypoint = parse.GetResult(Entrypoint) is null ? null : parse.GetValue(Entrypoint) ?? "",
        Hostname = parse.GetValue(Hostname),
        Init = parse.GetResult(Init) is null ? null : parse.GetValue(Init) ?? true,
        Restart = parse.GetValue(Restart),
        StopSignal = parse.GetValue(StopSignal),
        StopTimeout = parse.GetValue(StopTimeout),
        Volumes = parse.GetValue(Volume) ?? [],
        Mounts = parse.GetValue(Mount) ?? [],
        VolumesFrom = parse.GetValue(VolumesFrom) ?? [],
        Tmpfs = parse.GetValue(Tmpfs) ?? [],
        Memory = parse.GetValue(Memory),
        MemorySwap = parse.GetValue(MemorySwap),
        MemoryReservation = parse.GetValue(MemoryReservation),
        Cpus = parse.GetValue(Cpus),
        CpuShares = parse.GetValue(CpuShares),
        CpusetCpus = parse.GetValue(CpusetCpus),
        PidsLimit = parse.GetValue(PidsLimit),
        Ulimits = parse.GetValue(Ulimit) ?? [],
        CapAdd = parse.GetValue(CapAdd) ?? [],
        CapDrop = parse.GetValue(CapDrop) ?? [],
        Privileged = parse.GetValue(Privileged),
        SecurityOpt = parse.GetValue(SecurityOpt) ?? [],
        ReadOnly = parse.GetValue(ReadOnly),
        ShmSize = parse.GetValue(ShmSize),
        GroupAdd = parse.GetValue(GroupAdd) ?? [],
        Networks = parse.GetValue(Network) ?? [],
        Networking = Networking.Read(parse),
        Health = new HealthcheckOptions(
            parse.GetValue(HealthCmd), parse.GetValue(HealthInterval), parse.GetValue(HealthTimeout), parse.GetValue(HealthStartPeriod),
            parse.GetValue(HealthStartInterval), parse.GetValue(HealthRetries), parse.GetValue(NoHealthcheck)),
        LogDriver = parse.GetValue(LogDriver),
        LogOpts = parse.GetValue(LogOpt) ?? [],
        Runtime = parse.GetValue(Runtime),
        Name = parse.GetValue(Name),
    };
}
