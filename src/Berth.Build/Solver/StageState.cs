using Berth.Build.Worker;

namespace Berth.Build.Solver;

/// <summary>Where a stage is: its current state and that state's cache key, the ARGs it declared, whether it set CMD.</summary>
internal sealed class StageState(BuildImage image, string key, BuildVariables variables)
{
    public BuildImage Image { get; set; } = image;

    public string Key { get; set; } = key;

    public BuildVariables Variables { get; } = variables;

    public bool CmdSet { get; set; }
}

/// <summary>A built stage: what <c>FROM stage</c> and <c>COPY --from=stage</c> start from.</summary>
internal sealed record StageResult(BuildImage Image, string Key);
