using MusicGen.Models;

namespace MusicGen.Tests.Models;

/// <summary>The history a weight-cache hit brings back must say what the training did, flags included (notebook 05's
/// prose reads "best weights restored" from it).</summary>
public class TrainingHistoryJsonTests
{
    [Fact]
    public void Json_round_trip_keeps_the_lists_and_every_flag()
    {
        var h = new TrainingHistory();
        h.Add(2.5, 2.75, 1e-3, 10, 0.5, hasValidation: true, bestEpoch: 0, bestLoss: 2.75);
        h.Add(2.25, 2.875, 1e-3, 10, 0.25, hasValidation: true, bestEpoch: 0, bestLoss: 2.75);
        (h.StoppedEarly, h.RestoredBest, h.TimedOut) = (true, true, true);
        var back = TrainingHistory.FromJson(h.ToJson());
        Assert.Equal(h.TrainLoss, back.TrainLoss);
        Assert.Equal(h.ValidLoss, back.ValidLoss);
        Assert.Equal((0, 2.75, true, true, true), (back.BestEpoch, back.BestLoss, back.StoppedEarly, back.RestoredBest, back.TimedOut));
        Assert.Contains("best weights restored", back.ToString());
        (h.RestoredBest, h.TimedOut) = (false, false);
        back = TrainingHistory.FromJson(h.ToJson());
        Assert.False(back.RestoredBest);
        Assert.False(back.TimedOut);
    }

    [Fact]
    public void Json_written_before_the_flags_existed_reads_them_as_false()
    {
        const string old = """{"Train":[1.5],"Valid":[1.25],"Lr":[0.001],"Steps":[4],"Seconds":[0.5],"HasValidation":true,"BestEpoch":0,"BestLoss":1.25,"StoppedEarly":false}""";
        var h = TrainingHistory.FromJson(old);
        Assert.Equal(1.25, h.BestLoss);
        Assert.False(h.RestoredBest);
        Assert.False(h.TimedOut);
    }
}
