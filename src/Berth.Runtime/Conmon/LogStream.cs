namespace Berth.Runtime.Conmon;

/// <summary>Which of the container's output streams a log record came from.</summary>
public enum LogStream
{
    Stdout,
    Stderr,
}
