namespace TrainableSpec.Conformance.Tests;

/// <summary>The snapshot check keeps Verify's discipline: it fails when missing or different and never accepts by itself.</summary>
public sealed class SnapshotTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("trainable-spec-snapshots-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Approved => Path.Combine(_folder, "Case.example.approved.txt");

    private string Received => Path.Combine(_folder, "Case.example.test.received.txt");

    [Fact]
    public void A_missing_snapshot_fails_leaves_the_received_text_and_accepts_nothing()
    {
        var e = Assert.Throws<SnapshotMismatchException>(() => Snapshot.VerifyIn(_folder, "Case.example", "line 1\n"));

        Assert.Contains("has not been accepted yet", e.Message);
        Assert.Contains($"mv '{Received}' '{Approved}'", e.Message);
        Assert.False(File.Exists(Approved));
        Assert.Equal("line 1\n", File.ReadAllText(Received).TrimStart('\uFEFF'));
    }

    [Fact]
    public void A_different_snapshot_fails_with_a_line_diff_and_leaves_the_accepted_file_as_it_was()
    {
        File.WriteAllText(Approved, "same\nold value\nend\n");

        var e = Assert.Throws<SnapshotMismatchException>(() => Snapshot.VerifyIn(_folder, "Case.example", "same\nnew value\nend\n"));

        Assert.Contains("differs from the accepted one", e.Message);
        Assert.Contains("  same", e.Message);
        Assert.Contains("- old value", e.Message);
        Assert.Contains("+ new value", e.Message);
        Assert.Equal("same\nold value\nend\n", File.ReadAllText(Approved));
    }

    [Fact]
    public void An_equal_snapshot_passes_whatever_the_line_endings()
    {
        File.WriteAllText(Approved, "a\nb\n");

        Snapshot.VerifyIn(_folder, "Case.example", "a\r\nb\r\n");

        Assert.False(File.Exists(Received));
    }

    [Fact]
    public void Verify_without_the_test_assembly_takes_the_calling_test_assembly_when_its_frame_is_there()
    {
        // Not in tail position (a statement follows the call), so the lambda's frame stays and the repository's snapshot
        // is the one compared. (As `() => Snapshot.Verify(...)` the call is in tail position, and optimized code reports
        // xunit.assert as the caller: the shipped copy is compared, and the failure names no command to accept.)
        const string implementation = "SnapshotTestsFrame";
        var received = Path.Combine(Snapshot.Folder(typeof(SnapshotTests).Assembly), $"Article.summary.{implementation}.received.txt");
        try
        {
            var e = Assert.Throws<SnapshotMismatchException>(() =>
            {
                Snapshot.Verify("Article.summary", "not the summary", implementation: implementation);
                GC.KeepAlive(this);
            });

            Assert.Contains("differs from the accepted one", e.Message);
            Assert.Contains($"mv '{received}'", e.Message);
        }
        finally
        {
            File.Delete(received);
        }
    }

    [Fact]
    public void The_snapshots_folder_is_the_top_level_one_of_the_repository()
    {
        var folder = Snapshot.Folder(typeof(SnapshotTests).Assembly);

        Assert.True(File.Exists(Path.Combine(folder, "Article.summary.approved.txt")), folder);
    }

    [Fact]
    public void An_implementation_built_outside_this_repository_meets_the_same_article_snapshots_shipped_in_the_package()
    {
        var shipped = Snapshot.Folder(typeof(object).Assembly);
        var repository = Snapshot.Folder(typeof(SnapshotTests).Assembly);

        var articles = Directory.GetFiles(repository, "Article.*.approved.txt").Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(6, articles.Length);
        Assert.Equal(articles, Directory.GetFiles(shipped, "Article.*.approved.txt").Select(Path.GetFileName).Order());
        Assert.All(articles, name =>
            Assert.Equal(File.ReadAllText(Path.Combine(repository, name!)), File.ReadAllText(Path.Combine(shipped, name!))));
    }
}
