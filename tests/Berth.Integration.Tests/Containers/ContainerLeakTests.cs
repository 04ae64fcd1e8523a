using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Berth.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Berth.Integration.Tests.Containers;

/// <summary>
/// Many create → start → stop → rm cycles leave nothing behind: no mounts under the daemon's directories, no
/// cgroups, no conmon, no descriptors held by berthd, no files in the containers' directories. The cycle count
/// is BERTH_LEAK_CYCLES (default 300: a cycle over the API takes about 170 ms here, so the test runs under a minute).
/// Descriptors must come back without waiting for a garbage collection: a pipe left to a finalizer counts.
/// </summary>
public sealed class ContainerLeakTests(BusyboxRootfs busybox, ITestOutputHelper output) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    /// <summary>Descriptors berthd may open or close for reasons of its own (thread pool, sockets in TIME_WAIT, log files).</summary>
    private const int FdNoise = 8;

    private ContainerHost _host = null!;

    public async Task InitializeAsync() => _host = await ContainerHost.StartAsync(busybox);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static int Cycles =>
        int.TryParse(Environment.GetEnvironmentVariable("BERTH_LEAK_CYCLES"), out var n) && n > 0 ? n : 300;

    [Fact]
    public async Task CreateStartStopRemove_Cycles_LeaveNothingBehind()
    {
        using var http = RawHttp.For(_host.Daemon);
        // Warm up: the first containers load code, open the store and fill pools that then stay.
        for (var i = 0; i < 3; i++) await CycleAsync(http);
        var before = Snapshot();

        var ids = new List<string>();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Cycles; i++) ids.Add(await CycleAsync(http));
        watch.Stop();
        output.WriteLine($"{Cycles} cycles in {watch.Elapsed.TotalSeconds:F1} s: {watch.Elapsed.TotalMilliseconds / Cycles:F0} ms per create/start/stop/rm");

        await Task.Delay(500);
        var after = Snapshot();
        // Every kind of leftover is listed before failing, so one run shows them all.
        var leaks = new List<string>();
        foreach (var (kind, was, now) in new[] { ("mounts", before.Mounts, after.Mounts), ("conmon processes", before.Conmons, after.Conmons), ("files", before.Files, after.Files) })
        {
            var added = now.Except(was).ToList();
            if (added.Count > 0) leaks.Add($"{added.Count} {kind} more than before, e.g.:\n  " + string.Join("\n  ", added.Take(5)));
        }
        if (after.Fds.Count > before.Fds.Count + FdNoise)
        {
            var grown = after.Fds.GroupBy(t => t).Select(g => (Kind: g.Key, Count: g.Count() - before.Fds.Count(t => t == g.Key))).Where(k => k.Count > 0);
            leaks.Add($"berthd holds {after.Fds.Count} descriptors after {Cycles} cycles, {before.Fds.Count} before; more of:\n  " +
                string.Join("\n  ", grown.OrderByDescending(k => k.Count).Take(8).Select(k => $"{k.Count} × {k.Kind}")));
        }
        var cgroups = ids.SelectMany(HostCgroups.Of).ToList();
        if (cgroups.Count > 0) leaks.Add($"{cgroups.Count} cgroups left, e.g.:\n  " + string.Join("\n  ", cgroups.Take(5)));
        Assert.True(leaks.Count == 0, string.Join('\n', leaks));
        Assert.Equal("", (await _host.DockerAsync("ps", "-aq")).AssertSuccess().Stdout);
    }

    private async Task<string> CycleAsync(HttpClient http)
    {
        // The fields the docker CLI always sends (a body without User and WorkingDir, or a HostConfig without RestartPolicy, is refused today: see ContainerLifecycleTests).
        const string body = """{"Image":"busybox:latest","Cmd":["sleep","1000"],"User":"","WorkingDir":""}""";
        using var create = await http.PostAsync("/v1.51/containers/create", new StringContent(body, Encoding.UTF8, "application/json"));
        var created = await create.Content.ReadAsStringAsync();
        Assert.True(create.StatusCode == HttpStatusCode.Created, created);
        var id = JsonDocument.Parse(created).RootElement.GetProperty("Id").GetString()!;
        await ExpectAsync(http.PostAsync($"/v1.51/containers/{id}/start", null), HttpStatusCode.NoContent);
        await ExpectAsync(http.PostAsync($"/v1.51/containers/{id}/stop?t=0", null), HttpStatusCode.NoContent);
        await ExpectAsync(http.DeleteAsync($"/v1.51/containers/{id}"), HttpStatusCode.NoContent);
        return id;
    }

    private async Task ExpectAsync(Task<HttpResponseMessage> request, HttpStatusCode expected)
    {
        using var response = await request;
        if (response.StatusCode != expected)
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}\n{_host.LogTail()}");
    }

    private sealed record Leftovers(IReadOnlyList<string> Mounts, IReadOnlyList<string> Conmons, IReadOnlyList<string> Files, IReadOnlyList<string> Fds);

    private Leftovers Snapshot()
    {
        var daemon = _host.Daemon;
        var mounts = HostMounts.Under(_host.Dirs.Path);
        var conmons = HostProcesses.ConmonsUnder(_host.Dirs.Path).Select(pid => pid.ToString()).ToList();
        var dirs = new[] { Path.Combine(daemon.DataRoot, "containers"), Path.Combine(daemon.ExecRoot, "containers"), Path.Combine(daemon.ExecRoot, "exits"), Path.Combine(daemon.ExecRoot, "s") }
            .Concat(Directory.Exists(daemon.ExecRoot) ? Directory.GetDirectories(daemon.ExecRoot, "runtime-*") : []);
        var files = dirs.Where(Directory.Exists).SelectMany(d => Directory.GetFileSystemEntries(d, "*", SearchOption.AllDirectories)).ToList();
        // Descriptors by kind (socket, pipe, a file's path); assemblies that the runtime maps as it loads them lazily are not leaks.
        var fds = HostProcesses.FdTargets(daemon.Process.Id)
            .Where(t => !t.EndsWith(".dll", StringComparison.Ordinal) && !t.EndsWith(".so", StringComparison.Ordinal))
            .Select(t => t.StartsWith("socket:", StringComparison.Ordinal) ? "socket" : t.StartsWith("pipe:", StringComparison.Ordinal) ? "pipe" : t)
            .ToList();
        return new Leftovers(mounts, conmons, files, fds);
    }
}
