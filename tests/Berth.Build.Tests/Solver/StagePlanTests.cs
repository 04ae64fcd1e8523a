using Berth.Build.Solver;
using Berth.Dockerfile;

namespace Berth.Build.Tests.Solver;

public sealed class StagePlanTests
{
    private const string ThreeStages = """
        FROM busybox AS base
        RUN true
        FROM busybox AS unused
        RUN false
        FROM base AS tool
        FROM busybox
        COPY --from=tool /a /a
        """;

    [Fact]
    public void LastStage_NeedsOnlyWhatItReferences_ThroughFromAndCopyFrom()
    {
        var plan = StagePlan.Create(DockerfileParser.Parse(ThreeStages), target: null);

        Assert.Equal([0, 2, 3], plan.Stages.Select(s => s.Index));
        Assert.Equal(3, plan.Target.Index);
        Assert.Equal(2 + 1 + 2, plan.StepCount);
    }

    [Fact]
    public void Target_StopsAtThatStage_CaseInsensitively()
    {
        var plan = StagePlan.Create(DockerfileParser.Parse(ThreeStages), target: "UNUSED");

        Assert.Equal([1], plan.Stages.Select(s => s.Index));
    }

    [Fact]
    public void UnknownTarget_IsAnError()
    {
        var error = Assert.Throws<BuildFailedException>(() => StagePlan.Create(DockerfileParser.Parse(ThreeStages), target: "nope"));

        Assert.Equal("failed to reach build target nope in Dockerfile", error.Message);
    }

    [Fact]
    public void NameUsedBeforeItsStage_IsAnImage()
    {
        var plan = StagePlan.Create(DockerfileParser.Parse("FROM later\nFROM busybox AS later\n"), target: null);

        Assert.Equal([1], plan.Stages.Select(s => s.Index));
    }

    [Fact]
    public void RunMountFromAStage_NeedsThatStage()
    {
        var plan = StagePlan.Create(DockerfileParser.Parse("FROM busybox AS deps\nFROM busybox\nRUN --mount=from=deps,target=/d true\n"), target: null);

        Assert.Equal([0, 1], plan.Stages.Select(s => s.Index));
    }
}
