namespace Berth.Cli.Commands.Build.Progress;

/// <summary>A progress view of a build (plain log or terminal view), fed by <see cref="BuildStreamPrinter"/>.</summary>
internal interface IBuildProgress : IAsyncDisposable
{
    /// <summary>A chunk of the daemon's <c>stream</c> text.</summary>
    Task WriteAsync(string text);

    /// <summary>The build succeeded with <paramref name="imageId"/>.</summary>
    Task CompleteAsync(string imageId);

    /// <summary>The build failed with the daemon's <paramref name="message"/>.</summary>
    Task FailAsync(string message);
}
