namespace Berth.Cli.Tests.Build.Progress;

/// <summary>The classic builder's stream rendered as BuildKit's plain progress, byte for byte.</summary>
public sealed class PlainProgressPrinterTests
{
    private const string ImageId = "sha256:3234567890ab3234567890ab3234567890ab3234567890ab3234567890ab";

    [Fact]
    public async Task Build_NumbersEachStep_StampsItsOutput_AndEndsWithTheExport()
    {
        var result = await new RecordedBuild()
            .Stream("Step 1/4 : FROM busybox\n")
            .Stream(" ---> 9f725ea71e9f\n", afterMs: 20)
            .Stream("Step 2/4 : RUN echo hi\n")
            .Stream(" ---> Running in 0123456789ab\n", afterMs: 10)
            .Stream("hi\n", afterMs: 205)
            .Stream(" ---> 1234567890ab\n", afterMs: 85)
            .Stream("Step 3/4 : COPY a /a\n")
            .Stream(" ---> Using cache\n")
            .Stream(" ---> 2234567890ab\n")
            .Stream("Step 4/4 : CMD [\"sh\"]\n")
            .Stream(" ---> 3234567890ab\n", afterMs: 40)
            .Stream("Successfully built 3234567890ab\n")
            .Stream("Successfully tagged x:1\n")
            .Stream("Successfully tagged registry.local:5000/team/app\n")
            .Image(ImageId)
            .PrintAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal($"""
            #1 [1/4] FROM docker.io/library/busybox
            #1 DONE 0.0s

            #2 [2/4] RUN echo hi
            #2 0.215 hi
            #2 DONE 0.3s

            #3 [3/4] COPY a /a
            #3 CACHED

            #4 [4/4] CMD ["sh"]
            #4 DONE 0.0s

            #5 exporting to image
            #5 exporting layers done
            #5 writing image {ImageId} done
            #5 naming to docker.io/library/x:1 done
            #5 naming to registry.local:5000/team/app:latest done
            #5 DONE 0.0s

            """, result.Stderr);
    }

    [Fact]
    public async Task FullyCachedRebuild_PrintsCachedForEveryStepAfterTheBase()
    {
        var result = await new RecordedBuild()
            .Stream("Step 1/3 : FROM team/base:2\n")
            .Stream(" ---> 9f725ea71e9f\n")
            .Stream("Step 2/3 : COPY file.txt /f\n")
            .Stream(" ---> Using cache\n")
            .Stream(" ---> 1234567890ab\n")
            .Stream("Step 3/3 : RUN cat /f > /copy\n")
            .Stream(" ---> Using cache\n")
            .Stream(" ---> 2234567890ab\n")
            .Stream("Successfully built 2234567890ab\n")
            .Image(ImageId)
            .PrintAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"""
            #1 [1/3] FROM docker.io/team/base:2
            #1 DONE 0.0s

            #2 [2/3] COPY file.txt /f
            #2 CACHED

            #3 [3/3] RUN cat /f > /copy
            #3 CACHED

            #4 exporting to image
            #4 exporting layers done
            #4 writing image {ImageId} done
            #4 DONE 0.0s

            """, result.Stderr);
    }

    [Fact]
    public async Task FailingRun_FailsItsStep_RepeatsItsOutput_AndExitsWithItsCode()
    {
        const string message = "process \"/bin/sh -c echo hi && exit 3\" did not complete successfully: exit code: 3";
        var result = await new RecordedBuild()
            .Stream("Step 1/2 : FROM busybox\n")
            .Stream(" ---> 9f725ea71e9f\n")
            .Stream("Step 2/2 : RUN echo hi && exit 3\n")
            .Stream(" ---> Running in 0123456789ab\n")
            .Stream("hi\n", afterMs: 120)
            .Failure(message, 3, afterMs: 30)
            .PrintAsync();

        Assert.Equal(3, result.ExitCode);
        Assert.Equal($"""
            #1 [1/2] FROM docker.io/library/busybox
            #1 DONE 0.0s

            #2 [2/2] RUN echo hi && exit 3
            #2 0.120 hi
            #2 ERROR: {message}
            ------
             > [2/2] RUN echo hi && exit 3:
            0.120 hi
            ------
            ERROR: failed to solve: {message}

            """, result.Stderr);
    }

    [Fact]
    public async Task FailureBeforeAnyStep_PrintsOnlyTheBuildError_AndExits1()
    {
        var result = await new RecordedBuild().Failure("Dockerfile:1: unknown instruction: RUNN", 0).PrintAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("ERROR: failed to solve: Dockerfile:1: unknown instruction: RUNN\n", result.Stderr);
    }

    [Fact]
    public async Task OutputSplitAcrossMessages_IsPrintedByWholeLines_StampedWhenEachLineBegan()
    {
        var result = await new RecordedBuild()
            .Stream("Step 1/1 : RUN printf 'hello\\nworld\\ntail'\n")
            .Stream("hel", afterMs: 100)
            .Stream("lo\nwor", afterMs: 100)
            .Stream("ld\n", afterMs: 100)
            .Stream("tail", afterMs: 100)
            // The daemon's marker glued to output that ended without a newline.
            .Stream(" ---> 1234567890ab\n", afterMs: 100)
            .Stream("Successfully built 1234567890ab\n")
            .Image(ImageId)
            .PrintAsync();

        Assert.Equal($"""
            #1 [1/1] RUN printf 'hello\nworld\ntail'
            #1 0.100 hello
            #1 0.200 world
            #1 0.400 tail
            #1 DONE 0.5s

            #2 exporting to image
            #2 exporting layers done
            #2 writing image {ImageId} done
            #2 DONE 0.0s

            """, result.Stderr);
    }

    [Fact]
    public async Task NamedStages_PrefixTheirSteps_AndAFromOfAStageKeepsItsName()
    {
        var result = await new RecordedBuild()
            .Stream("Step 1/4 : FROM --platform=linux/amd64 busybox AS build\n")
            .Stream(" ---> 9f725ea71e9f\n")
            .Stream("Step 2/4 : RUN true\n")
            .Stream(" ---> Using cache\n")
            .Stream(" ---> 1234567890ab\n")
            .Stream("Step 3/4 : FROM build\n")
            .Stream(" ---> 1234567890ab\n")
            .Stream("Step 4/4 : FROM scratch\n")
            .Stream(" ---> 0000000000ab\n")
            .Stream("Successfully built 0000000000ab\n")
            .Image(ImageId)
            .PrintAsync();

        Assert.StartsWith("""
            #1 [build 1/4] FROM docker.io/library/busybox
            #1 DONE 0.0s

            #2 [build 2/4] RUN true
            #2 CACHED

            #3 [3/4] FROM build
            #3 DONE 0.0s

            #4 [4/4] FROM scratch
            #4 DONE 0.0s

            """, result.Stderr);
    }

    [Fact]
    public async Task Quiet_PrintsOnlyTheImageId_AndWritesTheIidFile()
    {
        var iidFile = Path.Join(Path.GetTempPath(), $"berth-iid-{Guid.NewGuid():N}");
        try
        {
            var result = await new RecordedBuild()
                .Stream("Step 1/1 : FROM busybox\n")
                .Stream(" ---> 9f725ea71e9f\n")
                .Image(ImageId)
                .PrintAsync(quiet: true, iidFile: iidFile);

            Assert.Equal((0, ImageId + "\n", ""), result);
            Assert.Equal(ImageId, await File.ReadAllTextAsync(iidFile));
        }
        finally
        {
            File.Delete(iidFile);
        }
    }

    [Fact]
    public async Task Quiet_Failure_PrintsTheDaemonsMessageAsIs()
    {
        var result = await new RecordedBuild().Failure("boom", 2).PrintAsync(quiet: true);

        Assert.Equal((2, "", "boom\n"), result);
    }

    [Fact]
    public async Task StreamWithoutAnImageId_Fails()
    {
        var result = await new RecordedBuild().Stream("Step 1/1 : FROM busybox\n").PrintAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.EndsWith("the daemon ended the build without an image ID\n", result.Stderr);
    }
}
