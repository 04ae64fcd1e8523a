using Berth.Cli.Formatting;

namespace Berth.Cli.Tests.Formatting;

public class TabWriterTests
{
    [Fact]
    public void Columns_are_widest_cell_plus_three() =>
        Assert.Equal(
            "REPOSITORY   TAG\nnginx        latest\n",
            TabWriter.Format("REPOSITORY\tTAG\nnginx\tlatest\n"));

    [Fact]
    public void Minimum_width_is_ten_including_padding() =>
        Assert.Equal("a         b\nc         d\n", TabWriter.Format("a\tb\nc\td\n"));

    [Fact]
    public void Each_column_sized_independently() =>
        Assert.Equal(
            "ID              NAME      STATUS\n1234567890123   x         Up\n",
            TabWriter.Format("ID\tNAME\tSTATUS\n1234567890123\tx\tUp\n"));

    [Fact]
    public void Last_cell_is_not_padded_but_tab_terminated_cells_are() =>
        Assert.Equal("a         b         \n", TabWriter.Format("a\tb\t\n"));

    [Fact]
    public void Empty_cells_are_padded() =>
        Assert.Equal("          x\n", TabWriter.Format("\tx\n"));

    [Fact]
    public void Column_blocks_are_contiguous_lines_only() =>
        Assert.Equal(
            "aaaa bbb d\naa   b   dd\na    \naa   cccc eee\n",
            TabWriter.Format("aaaa\tbbb\td\naa\tb\tdd\na\t\naa\tcccc\teee\n", minWidth: 0, padding: 1));

    [Fact]
    public void A_line_without_tabs_ends_the_column_block() =>
        Assert.Equal(
            "aaaaaaaaaaaa   b\nplain\nc         d\n",
            TabWriter.Format("aaaaaaaaaaaa\tb\nplain\nc\td\n"));

    [Fact]
    public void Form_feed_ends_columns_and_prints_a_newline() =>
        Assert.Equal("aaaaaaaaaaaa   b\nc         d\n", TabWriter.Format("aaaaaaaaaaaa\tb\fc\td\n"));

    [Fact]
    public void Text_without_final_newline_is_flushed_as_is() =>
        Assert.Equal("a         b\nc         d", TabWriter.Format("a\tb\nc\td"));

    [Fact]
    public void Wide_characters_count_two_columns() =>
        Assert.Equal("日本      x\nab        y\n", TabWriter.Format("日本\tx\nab\ty\n"));

    [Fact]
    public void Combining_marks_count_zero_columns() =>
        Assert.Equal("e\u0301         x\n", TabWriter.Format("e\u0301\tx\n"));

    [Fact]
    public void A_shorter_row_splits_later_columns_into_separate_blocks() =>
        Assert.Equal(
            "NAME      DRIVER    SCOPE\nbridge    bridge    local\nhost      host\nx         overlay-xyz   swarm\n",
            TabWriter.Format("NAME\tDRIVER\tSCOPE\nbridge\tbridge\tlocal\nhost\thost\nx\toverlay-xyz\tswarm\n"));

    [Fact]
    public void Empty_input_gives_empty_output() => Assert.Equal("", TabWriter.Format(""));
}
