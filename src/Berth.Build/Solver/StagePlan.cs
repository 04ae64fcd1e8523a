using Berth.Dockerfile;
using Berth.Dockerfile.Instructions;

namespace Berth.Build.Solver;

/// <summary>
/// Which stages a build runs: the target (<c>--target</c>, else the last stage) and every stage it needs, through
/// <c>FROM stage</c>, <c>COPY --from=stage</c> and <c>RUN --mount=from=stage</c>; stages nothing needs are skipped,
/// as BuildKit skips them. Stages run in Dockerfile order, which puts every dependency first.
/// </summary>
internal sealed class StagePlan
{
    private StagePlan(IReadOnlyList<Stage> stages, Stage target)
    {
        Stages = stages;
        Target = target;
    }

    public IReadOnlyList<Stage> Stages { get; }

    public Stage Target { get; }

    /// <summary>How many steps the plan has: each stage's FROM and instructions, as "Step N/M" counts them.</summary>
    public int StepCount => Stages.Sum(s => s.Instructions.Count + 1);

    public static StagePlan Create(ParsedDockerfile dockerfile, string? target)
    {
        if (dockerfile.Stages.Count == 0) throw new BuildFailedException("the Dockerfile has no build stage: it needs a FROM");
        var targetStage = dockerfile.Stages[^1];
        if (!string.IsNullOrEmpty(target))
        {
            targetStage = dockerfile.Stages.FirstOrDefault(s => s.Name == target.ToLowerInvariant())
                ?? throw new BuildFailedException($"failed to reach build target {target} in Dockerfile");
        }
        var needed = new SortedSet<int>();
        Visit(dockerfile, targetStage, needed);
        return new StagePlan([.. needed.Select(i => dockerfile.Stages[i])], targetStage);
    }

    private static void Visit(ParsedDockerfile dockerfile, Stage stage, SortedSet<int> needed)
    {
        if (!needed.Add(stage.Index)) return;
        foreach (var reference in References(stage))
        {
            // Only earlier stages count: a name used before its stage is defined is an image name, as in BuildKit.
            if (dockerfile.FindStage(reference, before: stage.Index) is { } other) Visit(dockerfile, other, needed);
        }
    }

    /// <summary>The names a stage may use as other stages.</summary>
    private static IEnumerable<string> References(Stage stage)
    {
        yield return stage.From.BaseName;
        foreach (var instruction in stage.Instructions)
        {
            switch (instruction)
            {
                case CopyInstruction { From: { } from }:
                    yield return from;
                    break;
                case RunInstruction run:
                    foreach (var mount in run.Mounts)
                    {
                        if (mount.From is { } source) yield return source;
                    }
                    break;
            }
        }
    }
}
