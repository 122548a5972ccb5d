#!/usr/bin/python3
"""PyTorch CPU peer for `musicgen bench train --peer`: training-step throughput of three presets on the
shapes of lib/MusicGen.Cli/Bench/PresetBenchTask.cs (the presets' own networks, optimizers and losses at
their default sizes; the classes below mirror lib/MusicGen/Models/*Net.cs layer by layer).
Needs Debian's python3-torch and libopenblas0-pthread (otherwise torch uses reference BLAS).
Usage: torch_peer.py PRESET [steps]   ->  one JSON line {preset, batch, steps_per_s, seq_per_s, parameters}
Environment: THREADS (torch threads; default all cores)."""
import json, os, sys, time
try:
    import torch
    import torch.nn as nn
except ImportError:
    sys.exit('PyTorch is not installed for /usr/bin/python3 (apt-get install python3-torch libopenblas0-pthread)')

torch.manual_seed(0)
torch.set_num_threads(int(os.environ.get('THREADS', os.cpu_count() or 1)))
B = 64


class PitchStepDuration(nn.Module):  # LSTM(128) over (25, 3) -> pitch logits(128), step, duration
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(3, 128, batch_first=True)
        self.pitch, self.step, self.duration = nn.Linear(128, 128), nn.Linear(128, 1), nn.Linear(128, 1)

    def forward(self, x):
        h = self.lstm(x)[0][:, -1]
        return self.pitch(h), self.step(h), self.duration(h)


class ChordStackedLstm(nn.Module):  # LSTM(256, seq) -> LSTM(256) -> Dense 512 ReLU -> Dense V
    def __init__(self, vocab):
        super().__init__()
        self.l1, self.l2 = nn.LSTM(1, 256, batch_first=True), nn.LSTM(256, 256, batch_first=True)
        self.fc1, self.fc2 = nn.Linear(256, 512), nn.Linear(512, vocab)

    def forward(self, x):
        h = self.l2(self.l1(x)[0])[0][:, -1]
        return self.fc2(torch.relu(self.fc1(h)))


class NotesAndChords(nn.Module):  # 3x LSTM(512), BN (Keras eps/momentum), Dropout .3, Dense 256 ReLU, BN, Dropout .3, Dense V
    def __init__(self, vocab):
        super().__init__()
        self.l1, self.l2, self.l3 = nn.LSTM(1, 512, batch_first=True), nn.LSTM(512, 512, batch_first=True), nn.LSTM(512, 512, batch_first=True)
        self.bn1, self.bn2, self.drop = nn.BatchNorm1d(512, eps=1e-3, momentum=0.01), nn.BatchNorm1d(256, eps=1e-3, momentum=0.01), nn.Dropout(0.3)
        self.fc1, self.fc2 = nn.Linear(512, 256), nn.Linear(256, vocab)

    def forward(self, x):
        h = self.l3(self.drop(self.l2(self.drop(self.l1(x)[0]))[0]))[0][:, -1]
        h = self.drop(self.bn1(h))
        h = self.drop(self.bn2(torch.relu(self.fc1(h))))
        return self.fc2(h)


def positive_pressure_mse(pred, target):
    return ((target - pred) ** 2).mean() + 10 * torch.relu(-pred).mean()


preset = sys.argv[1] if len(sys.argv) > 1 else 'pitch-step-duration'
steps = int(sys.argv[2]) if len(sys.argv) > 2 else 20
if preset == 'pitch-step-duration':
    model = PitchStepDuration()
    x, pitch, step, dur = torch.rand(B, 25, 3), torch.randint(0, 128, (B,)), torch.rand(B, 1), torch.rand(B, 1)

    def loss_fn():
        p, s, d = model(x)
        return 0.05 * nn.functional.cross_entropy(p, pitch) + positive_pressure_mse(s, step) + positive_pressure_mse(d, dur)
    opt = torch.optim.Adam(model.parameters(), lr=0.005)
elif preset == 'chord-stacked-lstm':
    model = ChordStackedLstm(2000)
    x, y = torch.rand(B, 200, 1), torch.randint(0, 2000, (B,))
    loss_fn = lambda: nn.functional.cross_entropy(model(x), y)
    opt = torch.optim.Adam(model.parameters(), lr=0.001, eps=1e-7)  # Keras' epsilon, as the preset
elif preset == 'notes-and-chords':
    model = NotesAndChords(358)
    x, y = torch.rand(B, 100, 1), torch.randint(0, 358, (B,))
    loss_fn = lambda: nn.functional.cross_entropy(model(x), y)
    opt = torch.optim.RMSprop(model.parameters(), lr=0.001, alpha=0.9, eps=1e-7)  # Keras' defaults, as the preset
else:
    sys.exit(f'unknown preset {preset}')

model.train()
for _ in range(2):
    opt.zero_grad(); loss_fn().backward(); opt.step()
start = time.perf_counter()
for _ in range(steps):
    opt.zero_grad(); loss_fn().backward(); opt.step()
elapsed = time.perf_counter() - start
print(json.dumps({'preset': preset, 'batch': B, 'steps_per_s': steps / elapsed, 'seq_per_s': steps * B / elapsed,
                  'parameters': sum(p.numel() for p in model.parameters()), 'torch': torch.__version__,
                  'threads': torch.get_num_threads()}))
