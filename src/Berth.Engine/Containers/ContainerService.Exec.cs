using System.Collections.Concurrent;
using System.Text.Json;
using Berth.Oci;
using Berth.Oci.Runtime;
using Berth.Runtime.Conmon;
using Berth.Runtime.Spec;

namespace Berth.Engine.Containers;

public sealed partial class ContainerService
{
    private readonly ConcurrentDictionary<string, ExecSession> _execs = new(StringComparer.Ordinal);

    /// <summary>Docker's exec create: checks the container runs and remembers the request under a new id.</summary>
    public ExecSession CreateExec(string idOrName, ExecRequest request)
    {
        var container = Resolve(idOrName);
        if (container.State.Status == ContainerStatus.Paused) throw BerthException.Conflict($"Container {container.Id} is paused, unpause the container before exec");
        if (container.State.Status != ContainerStatus.Running) throw BerthException.Conflict($"container {container.Id} is not running");
        if (request.Cmd.Count == 0) throw BerthException.Invalid("No exec command specified");
        var session = new ExecSession(ContainerIds.New(), container.Id, request);
        _execs[session.Id] = session;
        Publish(container, "exec_create: " + string.Join(' ', request.Cmd), ("execID", session.Id));
        return session;
    }

    public ExecSession GetExec(string execId) =>
        _execs.TryGetValue(execId, out var session) ? session : throw BerthException.NotFound($"No such exec instance: {execId}");

    /// <summary>
    /// Runs the exec under its own conmon. With <paramref name="attach"/> the connection is made before the
    /// process runs and returned; the session finishes (and is forgotten a while later) when the process exits.
    /// </summary>
    public async Task<AttachConnection?> StartExecAsync(string execId, bool attach, CancellationToken cancellationToken)
    {
        var session = GetExec(execId);
        lock (session)
        {
            if (session.Started) throw BerthException.Conflict($"Error: Exec command {execId} has already run");
            session.Started = true;
        }
        var container = store.Get(session.ContainerId) ?? throw BerthException.NotFound($"No such container: {session.ContainerId}");
        if (container.State.Status != ContainerStatus.Running) throw BerthException.Conflict($"container {container.Id} is not running");
        var runtime = runtimes.Get(SettingsOf(container).Runtime);
        var persistDir = Path.Join(layout.BundleDir(container.Id), "exec", execId);
        Directory.CreateDirectory(persistDir);
        var process = await ExecProcessAsync(container, session.Request, cancellationToken);
        ExecHandle handle;
        try
        {
            handle = await runtime.Supervisor.ExecAsync(new ExecLaunch
            {
                ContainerId = container.Id,
                ExecId = execId,
                Process = process,
                PersistDir = persistDir,
                Tty = session.Request.Tty,
                OpenStdin = session.Request.AttachStdin,
                Attach = attach,
            }, cancellationToken);
        }
        catch (BerthException e)
        {
            var code = StartFailure.ExitCode(e.Message);
            session.Finish(code);
            Publish(container, "exec_die", ("execID", execId), ("exitCode", code.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            throw new BerthException(e.Kind == ErrorKind.Internal ? ErrorKind.InvalidArgument : e.Kind, StartFailure.Describe(e.Message), e);
        }
        session.Pid = handle.Pid;
        Publish(container, "exec_start: " + string.Join(' ', session.Request.Cmd), ("execID", execId));
        _ = WatchExecAsync(container, session, runtime.Supervisor, persistDir);
        return handle.Attach;
    }

    /// <summary>Resizes an exec's terminal.</summary>
    public Task ResizeExecAsync(string execId, int height, int width, CancellationToken cancellationToken)
    {
        var session = GetExec(execId);
        if (!session.Running) throw BerthException.Conflict($"exec {execId} is not running");
        return ConmonControl.ResizeAsync(Path.Join(layout.BundleDir(session.ContainerId), "exec", execId), height, width, cancellationToken);
    }

    private async Task WatchExecAsync(ContainerRecord container, ExecSession session, IContainerSupervisor supervisor, string persistDir)
    {
        int code;
        try
        {
            code = await supervisor.WaitExecAsync(session.Id, persistDir, _shutdown.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or BerthException)
        {
            LogMonitorFailed(e, container.Id);
            code = 126;
        }
        session.Finish(code);
        Publish(container, "exec_die", ("execID", session.Id), ("exitCode", code.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        // Kept a while for inspect (the docker CLI reads the exit code right after the stream ends), then forgotten.
        try
        {
            await Task.Delay(TimeSpan.FromMinutes(5), _shutdown.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        _execs.TryRemove(session.Id, out _);
        if (Directory.Exists(persistDir)) Directory.Delete(persistDir, recursive: true);
    }

    /// <summary>The exec's process: the container's own (capabilities, env, confinement) with the exec's command, env, user and directory.</summary>
    private async Task<ProcessSpec> ExecProcessAsync(ContainerRecord container, ExecRequest request, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(Path.Join(layout.BundleDir(container.Id), "config.json"));
        var spec = await JsonSerializer.DeserializeAsync(file, RuntimeJsonContext.Default.RuntimeSpec, cancellationToken)
            ?? throw new BerthException(ErrorKind.Internal, $"container {container.Id} has no runtime spec");
        var process = spec.Process ?? throw new BerthException(ErrorKind.Internal, $"container {container.Id} has no process in its spec");
        var env = process.Env?.ToList() ?? [];
        foreach (var entry in request.Env ?? [])
        {
            var key = entry.Split('=', 2)[0];
            env.RemoveAll(e => e.Split('=', 2)[0] == key);
            env.Add(entry);
        }
        if (request.Tty && !env.Exists(e => e.StartsWith("TERM=", StringComparison.Ordinal))) env.Add("TERM=xterm");
        var user = process.User;
        if (!string.IsNullOrEmpty(request.User))
        {
            var resolved = new RootfsUserResolver(layout.RootfsPath(container.Id)).ResolveUser(request.User);
            user = new UserSpec { Uid = resolved.Uid, Gid = resolved.Gid, AdditionalGids = resolved.AdditionalGids.Count > 0 ? resolved.AdditionalGids : null };
        }
        var capabilities = process.Capabilities;
        if (request.Privileged)
        {
            var all = CapabilitySet.Resolve(privileged: true, null, null, HostInfo.Current().Capabilities);
            capabilities = new LinuxCapabilities { Bounding = all, Effective = all, Permitted = all };
        }
        return process with
        {
            Terminal = request.Tty,
            Args = request.Cmd,
            Env = env,
            Cwd = string.IsNullOrEmpty(request.WorkingDir) ? process.Cwd : request.WorkingDir,
            User = user,
            Capabilities = capabilities,
        };
    }
}
