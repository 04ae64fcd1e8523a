namespace Berth.Cli.Commands.Build.Progress;

/// <summary>What <see cref="StepTracker"/> tells a view as the classic stream is read, for views that print as they go.</summary>
internal interface IStepObserver
{
    Task StepStartedAsync(BuildStep step);

    /// <summary>The step is over: done, or <see cref="BuildStep.Cached"/>. A failure is reported by <see cref="StepTracker.FailAsync"/> instead.</summary>
    Task StepEndedAsync(BuildStep step);

    /// <summary>A line of output; <paramref name="step"/> is null for output outside any step.</summary>
    Task OutputAsync(BuildStep? step, StepLog log);
}
