using System.Diagnostics;
using System.Text.Json;
using Berth.Api;
using Berth.Api.Models;
using Berth.Daemon.Hosting;
using Berth.Engine.Containers;
using Berth.Engine.Stats;
using Berth.Oci;

namespace Berth.Daemon.Containers;

/// <summary>
/// GET /containers/{id}/top (the host's <c>ps</c>, rows limited to the container's processes, as dockerd does)
/// and GET /containers/{id}/stats (cgroup readings; with <c>stream=false</c> two readings a second apart, so
/// the CPU percentage can be computed; streamed once a second otherwise).
/// </summary>
public static class ProcessRoutes
{
    private static readonly TimeSpan StatsInterval = TimeSpan.FromSeconds(1);

    public static void Map(WebApplication app)
    {
        app.MapGet("/containers/{id}/top", Top);
        app.MapGet("/containers/{id}/stats", Stats);
    }

    private static async Task Top(HttpContext context, string id, ContainerService containers)
    {
        var container = containers.Resolve(id);
        if (container.State.Status is not (ContainerStatus.Running or ContainerStatus.Paused))
            throw BerthException.Conflict($"container {container.Id} is not running");
        var psArgs = context.Request.Query["ps_args"].ToString() is { Length: > 0 } given ? given : "-ef";
        var pids = new ContainerCgroup(container.Id).Processes().ToHashSet();
        var output = await RunPsAsync(psArgs.Split(' ', StringSplitOptions.RemoveEmptyEntries), context.RequestAborted);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0) throw new BerthException(ErrorKind.Internal, "ps printed nothing");
        var titles = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var pidColumn = Array.IndexOf(titles, "PID");
        if (pidColumn < 0) throw BerthException.Invalid("Couldn't find PID field in ps output");
        var rows = new List<IReadOnlyList<string>>();
        foreach (var line in lines.Skip(1))
        {
            var fields = SplitRow(line, titles.Length);
            if (fields.Count > pidColumn && int.TryParse(fields[pidColumn], out var pid) && pids.Contains(pid)) rows.Add(fields);
        }
        containers.Announce(container, "top");
        await HttpJson.WriteAsync(context, new ContainerTopResponse { Titles = titles, Processes = rows }, ApiJson.Writer.ContainerTopResponse);
    }

    private static async Task Stats(HttpContext context, string id, ContainerService containers, TimeProvider clock)
    {
        var container = containers.Resolve(id);
        var stream = context.Request.Query["stream"].ToString() is not ("0" or "false" or "False");
        var oneShot = HttpJson.BoolQuery(context, "one-shot");
        var cgroup = new ContainerCgroup(container.Id);
        var running = () => containers.Store.Get(container.Id)?.State.Status is ContainerStatus.Running or ContainerStatus.Paused;
        context.Response.ContentType = HttpJson.ContentType;
        ResourceSample? previous = null;
        if (!stream && !oneShot && running())
        {
            previous = ResourceSampler.Read(cgroup, clock);
            await Task.Delay(StatsInterval, context.RequestAborted);
        }
        do
        {
            var current = running() ? ResourceSampler.Read(cgroup, clock) : null;
            await JsonSerializer.SerializeAsync(context.Response.Body, View(container, current, previous), ApiJson.Writer.ContainerStats, context.RequestAborted);
            await context.Response.Body.WriteAsync("\n"u8.ToArray(), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            previous = current;
            if (stream) await Task.Delay(StatsInterval, context.RequestAborted);
        }
        while (stream && !context.RequestAborted.IsCancellationRequested);
    }

    /// <summary>A stopped container's stats are all zero, with Go's zero times, as dockerd sends them.</summary>
    private static ContainerStats View(ContainerRecord container, ResourceSample? current, ResourceSample? previous) => new()
    {
        Read = GoTime.Format(current?.Read ?? DateTimeOffset.MinValue),
        PreRead = GoTime.Format(previous?.Read ?? DateTimeOffset.MinValue),
        PidsStats = new PidsStats { Current = current?.PidsCurrent ?? 0, Limit = current?.PidsLimit ?? 0 },
        CpuStats = Cpu(current),
        PreCpuStats = Cpu(previous),
        MemoryStats = current is null ? new MemoryStats() : new MemoryStats
        {
            Usage = current.MemoryUsage,
            MaxUsage = current.MemoryMaxUsage,
            Stats = new Dictionary<string, long>(current.MemoryStats),
            Failcnt = current.MemoryFailCount,
            Limit = current.MemoryLimit,
        },
        Name = "/" + container.Name,
        Id = container.Id,
    };

    private static CpuStats Cpu(ResourceSample? sample) => sample is null ? new CpuStats() : new CpuStats
    {
        CpuUsage = new CpuUsage { TotalUsage = sample.CpuTotal, PercpuUsage = sample.CpuPerCore, UsageInKernelmode = sample.CpuKernel, UsageInUsermode = sample.CpuUser },
        SystemCpuUsage = sample.SystemCpu,
        OnlineCpus = sample.OnlineCpus,
        ThrottlingData = new ThrottlingData { Periods = sample.ThrottlingPeriods, ThrottledPeriods = sample.ThrottledPeriods, ThrottledTime = sample.ThrottledTime },
    };

    /// <summary>ps's columns are separated by spaces; the last (the command) may hold spaces itself.</summary>
    private static List<string> SplitRow(string line, int columns)
    {
        var fields = new List<string>();
        var rest = line.TrimStart();
        while (fields.Count < columns - 1 && rest.Length > 0)
        {
            var space = rest.IndexOf(' ');
            if (space < 0) break;
            fields.Add(rest[..space]);
            rest = rest[space..].TrimStart();
        }
        if (rest.Length > 0) fields.Add(rest);
        return fields;
    }

    private static async Task<string> RunPsAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("ps") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var ps = Process.Start(start) ?? throw new BerthException(ErrorKind.Internal, "cannot run ps");
        var stdout = ps.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = ps.StandardError.ReadToEndAsync(cancellationToken);
        await ps.WaitForExitAsync(cancellationToken);
        if (ps.ExitCode != 0) throw BerthException.Invalid($"Error running ps: exit status {ps.ExitCode}: {(await stderr).Trim()}");
        return await stdout;
    }
}
