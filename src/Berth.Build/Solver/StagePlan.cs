using Berth.Dockerfile;
using Berth.Dockerfile.Instructions;

namespace Berth.Build.Solver;

/// <summary>
/// Which stages a build runs: the target (<c>--target</c>, else the last stage) and every stage it needs, through
/// <c>FROM stage</c>, <c>COPY --from=stage</c> and <c>RUN --mount=from=stage</c>; stages nothing needs are skipped,
/// as BuildKit skips them. Dockerfile order puts every dependency first; stages independent of each other may run
/// at once, as BuildKit runs them.
/// </summary>
internal sealed class StagePlan
{
    private readonly Dictionary<int, SortedSet<int>> _needs;

    private StagePlan(IReadOnlyList<Stage> stages, Stage target, Dictionary<int, SortedSet<int>> needs)
    {
        Stages = stages;
        Target = target;
        _needs = needs;
    }

    public IReadOnlyList<Stage> Stages { get; }

    /// <summary>The indices of the stages <paramref name="stage"/> uses, each earlier in the Dockerfile.</summary>
    public IReadOnlyCollection<int> Needs(Stage stage) => _needs[stage.Index];

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
        var needs = new Dictionary<int, SortedSet<int>>();
        Visit(dockerfile, targetStage, needs);
        return new StagePlan([.. needs.Keys.Order().Select(i => dockerfile.Stages[i])], targetStage, needs);
    }

    private static void Visit(ParsedDockerfile dockerfile, Stage stage, Dictionary<int, SortedSet<int>> needs)
    {
        if (needs.ContainsKey(stage.Index)) return;
        var own = needs[stage.Index] = [];
        foreach (var reference in References(stage))
        {
            // Only earlier stages count: a name used before its stage is defined is an image name, as in BuildKit.
            if (dockerfile.FindStage(reference, before: stage.Index) is { } other)
            {
                own.Add(other.Index);
                Visit(dockerfile, other, needs);
            }
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
