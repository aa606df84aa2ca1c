using System.Buffers;
using System.Text;
using StrictMail.Relay.Inbound.Smtp;

namespace StrictMail.Relay.Tests.Inbound.Smtp;

public sealed class DataDecoderTests
{
    public static TheoryData<string, string, string> Cases => new()
    {
        { "a plain message ends at CRLF.CRLF", "a\r\nb\r\n.\r\n", "a\r\nb\r\n" },
        { "an empty message is allowed", ".\r\n", string.Empty },
        { "one stuffed dot is removed", "..x\r\n...\r\n.\r\n", ".x\r\n..\r\n" },
        { "a bare LF line ending is stored as CRLF", "a\nb\r\n.\r\n", "a\r\nb\r\n" },
        { "LF.LF is content, not the end (SMTP smuggling)", "a\n.\nb\r\n.\r\n", "a\r\n\r\nb\r\n" },
        { "LF.CRLF is content, not the end", "a\n.\r\nb\r\n.\r\n", "a\r\n\r\nb\r\n" },
        { "CRLF.LF is content, not the end", "a\r\n.\nb\r\n.\r\n", "a\r\n\r\nb\r\n" },
        { "a bare CR is stored as a line break", "a\rb\r\n.\r\n", "a\r\nb\r\n" },
        { "CR.CRLF is content, not the end, and no bare CR is kept", "foo\r.\r\nbar\r\n.\r\n", "foo\r\n.\r\nbar\r\n" },
        { "a bare CR before CRLF is a line break of its own", "a\r\r\n.\r\n", "a\r\n\r\n" },
        { "a dot after a bare CR is not unstuffed (it did not start an SMTP line)", "a\r..b\r\n.\r\n", "a\r\n..b\r\n" },
        { "bytes after the end are left for the next command", "a\r\n.\r\nQUIT\r\n", "a\r\n" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decode_WholeInput_DecodesAsRfc5321Says(string what, string input, string expected)
    {
        var (output, decoder, consumed) = DecodeInPieces(input, pieceSize: input.Length);

        Assert.True(decoder.Finished, what);
        Assert.Equal(expected, output);
        Assert.Equal(input.IndexOf("\r\n.\r\n", StringComparison.Ordinal) is var end and >= 0 ? end + 5 : 3, consumed);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decode_InputSplitAnywhere_SameResult(string what, string input, string expected)
    {
        for (var piece = 1; piece < input.Length; piece++)
        {
            var (output, decoder, _) = DecodeInPieces(input, piece);
            Assert.True(decoder.Finished, $"{what} in pieces of {piece}");
            Assert.Equal(expected, output);
        }
    }

    [Fact]
    public void Decode_LineOfExactlyMaxLength_Accepted()
    {
        var (output, decoder, _) = DecodeInPieces(new string('x', 998) + "\r\n..\r\n.\r\n", 4096);

        Assert.False(decoder.Refused);
        Assert.Equal(new string('x', 998) + "\r\n.\r\n", output);
    }

    [Fact]
    public void Decode_StuffedLineOfMaxLength_AcceptedWithoutTheDot()
    {
        var (_, decoder, _) = DecodeInPieces("." + new string('x', 998) + "\r\n.\r\n", 4096);

        Assert.False(decoder.Refused);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(1001)]
    [InlineData(4096)]
    public void Decode_LineOverMaxLength_RefusedOutputStopsAndEndIsStillFound(int pieceSize)
    {
        var input = "ok\r\n" + new string('x', 5000) + "\r\nafter\r\n.\r\n";

        var (output, decoder, _) = DecodeInPieces(input, pieceSize, bufferSize: 1001);

        Assert.True(decoder.LineTooLong);
        Assert.True(decoder.Finished);
        Assert.Equal("ok\r\n", output);
    }

    [Fact]
    public void Decode_OverlongLineWhoseCrArrivesAlone_EndIsStillFound()
    {
        var decoder = new DataDecoder(998, 1_000_000);
        var output = new ArrayBufferWriter<byte>();

        Assert.Equal(1001, decoder.Decode(Encoding.ASCII.GetBytes(new string('x', 1000) + "\r"), output));
        Assert.Equal(4, decoder.Decode("\n.\r\nX"u8, output));

        Assert.True(decoder.Finished);
        Assert.True(decoder.LineTooLong);
    }

    [Fact]
    public void Decode_OverMaxMessageSize_TooBigAndNothingPastTheLimitWritten()
    {
        var decoder = new DataDecoder(998, 10);
        var output = new ArrayBufferWriter<byte>();

        decoder.Decode("12345678\r\nabc\r\n.\r\n"u8, output);

        Assert.True(decoder.TooBig);
        Assert.True(decoder.Finished);
        Assert.Equal(15, decoder.Size);
        Assert.Equal("12345678\r\n", Encoding.ASCII.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Decode_IncompleteLine_LeftForLater()
    {
        var decoder = new DataDecoder(998, 1000);
        var output = new ArrayBufferWriter<byte>();

        Assert.Equal(3, decoder.Decode("ab\ncd"u8, output));
        Assert.False(decoder.Finished);
    }

    // Feeds the input as a client's reads would arrive, through a buffer of bufferSize as the transport holds it.
    private static (string Output, DataDecoder Decoder, int Consumed) DecodeInPieces(string input, int pieceSize, int bufferSize = 4096)
    {
        var decoder = new DataDecoder(998, 1_000_000);
        var output = new ArrayBufferWriter<byte>();
        var bytes = Encoding.Latin1.GetBytes(input);
        var buffered = new List<byte>();
        var consumed = 0;
        var offset = 0;
        while (!decoder.Finished && offset < bytes.Length)
        {
            var take = Math.Min(Math.Min(pieceSize, bytes.Length - offset), bufferSize - buffered.Count);
            buffered.AddRange(bytes.AsSpan(offset, take));
            offset += take;
            var used = decoder.Decode(buffered.ToArray(), output);
            buffered.RemoveRange(0, used);
            consumed += used;
        }

        return (Encoding.Latin1.GetString(output.WrittenSpan), decoder, consumed);
    }
}
