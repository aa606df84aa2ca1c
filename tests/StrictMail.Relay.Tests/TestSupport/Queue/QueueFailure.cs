namespace StrictMail.Relay.Tests.TestSupport.Queue;

/// <summary>Where a <see cref="RecordingQueue"/> throws QueueStorageException, as a full disk or a failing fsync would.</summary>
public enum QueueFailure
{
    None,
    Begin,
    Write,
    Commit,
}
