using Berth.Engine.Containers;
using Berth.Oci;

namespace Berth.Engine.Tests.Containers;

public sealed class ContainerStoreTests : ContainerStoreFixture
{
    [Fact]
    public void Add_ThenGetListAndFind_ReturnTheSameRecord_AndSurviveReopen()
    {
        var older = Record("older", created: Now.AddMinutes(-1));
        var newer = Record("newer");
        using (var store = new ContainerStore(DatabasePath))
        {
            store.Add(older);
            store.Add(newer);
            Assert.Equal(newer, store.Get(newer.Id));
        }
        using var reopened = new ContainerStore(DatabasePath);
        Assert.Equal(older, reopened.Get(older.Id));
        Assert.Equal(newer, reopened.FindByName("newer"));
        Assert.Equal([newer, older], reopened.List());
        Assert.Null(reopened.Get(ContainerIds.New()));
        Assert.Null(reopened.FindByName("missing"));
    }

    [Fact]
    public void SaveHealth_IsDurable_ReplacesTheLast_AndGoesWithTheContainer()
    {
        var container = Record("probed");
        var probe = new HealthProbe(Now, Now.AddMilliseconds(15), 3, "probe failed\n");
        using (var store = new ContainerStore(DatabasePath))
        {
            store.Add(container);
            store.SaveHealth(container.Id, new HealthSnapshot("starting", 0, []));
            store.SaveHealth(container.Id, new HealthSnapshot("unhealthy", 2, [probe, probe with { ExitCode = 1 }]));
            // A container that is gone (removed while a probe ran) gets no row.
            store.SaveHealth(ContainerIds.New(), new HealthSnapshot("healthy", 0, []));
        }
        using var reopened = new ContainerStore(DatabasePath);
        var health = reopened.LoadHealth(container.Id);
        Assert.NotNull(health);
        Assert.Equal(("unhealthy", 2), (health.Status, health.FailingStreak));
        Assert.Equal([probe, probe with { ExitCode = 1 }], health.Log);
        var state = new HealthState(health);
        Assert.Equal("unhealthy", state.Status);
        Assert.Equal(health.Log, state.Log);

        Assert.True(reopened.Remove(container.Id));
        Assert.Null(reopened.LoadHealth(container.Id));
    }

    [Fact]
    public void UpdateState_ReplacesTheWholeState_AndIsDurable()
    {
        var container = Record("web");
        var started = Now.AddSeconds(1);
        var finished = new DateTimeOffset(2026, 1, 2, 4, 0, 0, 123, TimeSpan.Zero).AddTicks(4567);
        using (var store = new ContainerStore(DatabasePath))
        {
            store.Add(container);
            store.UpdateState(container.Id, s => s with { Status = ContainerStatus.Running, Pid = 4242, StartedAt = started });
            var exited = store.UpdateState(container.Id, s => s with
            {
                Status = ContainerStatus.Exited, Pid = 0, ExitCode = 137, FinishedAt = finished, OomKilled = true,
                Error = "killed", RestartCount = s.RestartCount + 2,
            });
            Assert.Equal(ContainerStatus.Exited, exited.Status);
        }
        using var reopened = new ContainerStore(DatabasePath);
        var expected = new ContainerState
        {
            Status = ContainerStatus.Exited, Pid = 0, ExitCode = 137, StartedAt = started, FinishedAt = finished,
            OomKilled = true, Error = "killed", RestartCount = 2,
        };
        Assert.Equal(expected, reopened.Get(container.Id)!.State);
    }

    [Fact]
    public void UpdateState_ThatThrows_WritesNothing()
    {
        using var store = new ContainerStore(DatabasePath);
        var container = Record("web");
        store.Add(container);
        Assert.Throws<InvalidOperationException>(() =>
            store.UpdateState(container.Id, _ => throw new InvalidOperationException("refused")));
        Assert.Equal(new ContainerState(), store.Get(container.Id)!.State);
        // The store is still usable after the rolled-back transaction.
        store.UpdateState(container.Id, s => s with { Status = ContainerStatus.Dead });
        Assert.Equal(ContainerStatus.Dead, store.Get(container.Id)!.State.Status);
    }

    [Fact]
    public void UpdateState_OfAMissingContainer_IsNotFound()
    {
        using var store = new ContainerStore(DatabasePath);
        var id = ContainerIds.New();
        var error = Assert.Throws<BerthException>(() => store.UpdateState(id, s => s));
        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal($"No such container: {id}", error.Message);
    }

    [Fact]
    public void AddWithGeneratedName_DrawsAgain_WhenTheNameWasTakenMeanwhile_AndKeepsAFreeOne()
    {
        using var store = new ContainerStore(DatabasePath);
        store.Add(Record("jolly_knuth"));
        var seen = new List<bool>();

        var added = store.AddWithGeneratedName(Record("jolly_knuth"), isTaken =>
        {
            seen.Add(isTaken("jolly_knuth"));
            return "calm_turing";
        });
        var untouched = store.AddWithGeneratedName(Record("brave_hopper"), _ => throw new InvalidOperationException("a free name is kept"));

        Assert.Equal("calm_turing", added.Name);
        Assert.Equal([true], seen);
        Assert.Equal("calm_turing", store.Get(added.Id)!.Name);
        Assert.Equal("brave_hopper", untouched.Name);
        Assert.Equal(3, store.List().Count);
    }

    [Fact]
    public void Add_WithATakenName_IsAConflict_WithDockersMessage()
    {
        using var store = new ContainerStore(DatabasePath);
        var first = Record("web");
        store.Add(first);
        var error = Assert.Throws<BerthException>(() => store.Add(Record("web")));
        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.Equal(
            $"Conflict. The container name \"/web\" is already in use by container \"{first.Id}\". You have to remove (or rename) that container to be able to reuse that name.",
            error.Message);
        Assert.Single(store.List());
        Assert.True(store.IsNameTaken("web"));
        Assert.False(store.IsNameTaken("db"));
    }

    [Fact]
    public void Rename_MovesTheName_AndFreesTheOldOne()
    {
        using var store = new ContainerStore(DatabasePath);
        var container = Record("old");
        store.Add(container);
        store.Rename(container.Id, "new");
        Assert.Equal(container.Id, store.FindByName("new")!.Id);
        Assert.Null(store.FindByName("old"));
        store.Add(Record("old"));
        Assert.Equal(2, store.List().Count);
    }

    [Fact]
    public void Rename_ToATakenName_IsAConflict_AndChangesNothing()
    {
        using var store = new ContainerStore(DatabasePath);
        var (a, b) = (Record("a1"), Record("b1"));
        store.Add(a);
        store.Add(b);
        var error = Assert.Throws<BerthException>(() => store.Rename(b.Id, "a1"));
        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.Equal(
            $"Conflict. The container name \"/a1\" is already in use by container \"{a.Id}\". You have to remove (or rename) that container to be able to reuse that name.",
            error.Message);
        Assert.Equal("b1", store.Get(b.Id)!.Name);
    }

    [Fact]
    public void Rename_ToItsOwnName_IsInvalid_AndOfAMissingContainer_IsNotFound()
    {
        using var store = new ContainerStore(DatabasePath);
        var container = Record("same");
        store.Add(container);
        Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<BerthException>(() => store.Rename(container.Id, "same")).Kind);
        Assert.Equal(ErrorKind.NotFound, Assert.Throws<BerthException>(() => store.Rename(ContainerIds.New(), "other")).Kind);
    }

    [Fact]
    public void Remove_DeletesTheRecord_AndFreesItsName()
    {
        var container = Record("gone");
        using (var store = new ContainerStore(DatabasePath))
        {
            store.Add(container);
            Assert.True(store.Remove(container.Id));
            Assert.False(store.Remove(container.Id));
        }
        using var reopened = new ContainerStore(DatabasePath);
        Assert.Null(reopened.Get(container.Id));
        Assert.Empty(reopened.List());
        reopened.Add(Record("gone"));
    }

    [Fact]
    public void FindByIdPrefix_MatchesOnlyRealPrefixes()
    {
        using var store = new ContainerStore(DatabasePath);
        var a = Record("a1", id: "abc1" + new string('0', 60));
        var b = Record("b1", id: "abc2" + new string('0', 60));
        store.Add(a);
        store.Add(b);
        Assert.Equal([a.Id, b.Id], store.FindByIdPrefix("abc").Order());
        Assert.Equal([a.Id], store.FindByIdPrefix("abc1"));
        Assert.Empty(store.FindByIdPrefix("ab_"));
        Assert.Empty(store.FindByIdPrefix("abc%"));
        Assert.Empty(store.FindByIdPrefix("bc"));
    }
}
