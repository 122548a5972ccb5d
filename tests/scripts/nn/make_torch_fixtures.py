#!/usr/bin/python3
"""Writes the PyTorch reference fixtures for MusicGen.Nn's tests (tests/MusicGen.Tests/Fixtures/Nn/*.safetensors).

Run with Debian's interpreter, which has torch 1.13:  /usr/bin/python3 tests/scripts/nn/make_torch_fixtures.py
Each file holds inputs, parameters (PyTorch state_dict names under "param."), outputs and gradients ("grad.")
of one small case, in the safetensors format written here by hand (the `safetensors` package is not needed):
8-byte little-endian header length, JSON header {name: {dtype, shape, data_offsets}, "__metadata__": {...}},
padding spaces to a multiple of 8, then the raw float32 data. The C# tests read them with MusicGen.Nn.Safetensors.

Losses for gradients are sum(output * r) with fixed random r ("r.<output>"), so every output element matters.
Float64 is used for the reference computation and stored as float32, so the reference itself adds no float32
rounding error beyond the final cast.
"""
import json, os, struct, sys
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'MusicGen.Tests', 'Fixtures', 'Nn')
torch.manual_seed(1234)
torch.set_default_dtype(torch.float64)


def save(name, tensors, meta=None):
    header, blobs, offset = {}, [], 0
    if meta:
        header['__metadata__'] = {k: str(v) for k, v in meta.items()}
    for key, t in tensors.items():
        a = np.ascontiguousarray(t.detach().cpu().numpy().astype('<f4'))
        b = a.tobytes()
        header[key] = {'dtype': 'F32', 'shape': list(a.shape), 'data_offsets': [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    h = json.dumps(header, separators=(',', ':')).encode('utf-8')
    h += b' ' * ((8 - len(h) % 8) % 8)
    path = os.path.join(OUT, name + '.safetensors')
    with open(path + '.tmp', 'wb') as f:
        f.write(struct.pack('<Q', len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)
    os.replace(path + '.tmp', path)
    print(f'{name}: {os.path.getsize(path)} bytes')


def rnd(*shape):
    return torch.randn(*shape)


def with_grads(d, module, inputs, outputs):
    """Backward of sum(out * r) for each output; records params, r, outputs and grads in d."""
    loss = 0
    for k, o in outputs.items():
        r = rnd(*o.shape)
        d['r.' + k] = r
        d[k] = o
        loss = loss + (o * r).sum()
    loss.backward()
    if module is not None:
        for n, p in module.named_parameters():
            d['param.' + n] = p
            d['grad.' + n] = p.grad
        for n, b in module.named_buffers():
            d['buffer.' + n] = b
    for k, t in inputs.items():
        d[k] = t
        if t.grad is not None:
            d['grad.' + k] = t.grad


def lstm_case(name, I, H, T, B, layers=1, bidirectional=False, batch_first=False, state=False):
    m = nn.LSTM(I, H, num_layers=layers, bidirectional=bidirectional, batch_first=batch_first)
    x = rnd(*((B, T, I) if batch_first else (T, B, I))).requires_grad_()
    inputs = {'x': x}
    D = 2 if bidirectional else 1
    if state:
        h0 = rnd(layers * D, B, H).requires_grad_()
        c0 = rnd(layers * D, B, H).requires_grad_()
        inputs.update(h0=h0, c0=c0)
        out, (hn, cn) = m(x, (h0, c0))
    else:
        out, (hn, cn) = m(x)
    d = {}
    with_grads(d, m, inputs, {'out': out, 'hn': hn, 'cn': cn})
    save(name, d, {'input_size': I, 'hidden_size': H, 'num_layers': layers, 'bidirectional': int(bidirectional),
                   'batch_first': int(batch_first), 'state': int(state)})


def main():
    os.makedirs(OUT, exist_ok=True)
    lstm_case('lstm_uni', I=3, H=5, T=4, B=2)
    lstm_case('lstm_uni_state', I=3, H=5, T=4, B=2, state=True)
    lstm_case('lstm_bi', I=3, H=4, T=5, B=2, bidirectional=True, state=True)
    lstm_case('lstm_stacked', I=3, H=4, T=4, B=3, layers=2, state=True)
    lstm_case('lstm_batch_first', I=2, H=3, T=6, B=2, batch_first=True)

    m = nn.Linear(4, 3)
    x = rnd(2, 5, 4).requires_grad_()
    d = {}; with_grads(d, m, {'x': x}, {'out': m(x)}); save('linear', d)

    m = nn.Conv1d(2, 3, 3, stride=2, padding=1)
    x = rnd(2, 2, 7).requires_grad_()
    d = {}; with_grads(d, m, {'x': x}, {'out': m(x)}); save('conv1d', d, {'in': 2, 'out': 3, 'k': 3, 'stride': 2, 'padding': 1})

    m = nn.LayerNorm(6)
    with torch.no_grad():
        m.weight.copy_(rnd(6)); m.bias.copy_(rnd(6))
    x = rnd(3, 4, 6).requires_grad_()
    d = {}; with_grads(d, m, {'x': x}, {'out': m(x)}); save('layernorm', d)

    for name, shape in (('batchnorm1d', (5, 4)), ('batchnorm1d_3d', (3, 4, 6))):
        m = nn.BatchNorm1d(4)
        with torch.no_grad():
            m.weight.copy_(rnd(4)); m.bias.copy_(rnd(4))
        m.train()
        x = (rnd(*shape) * 2 + 0.5).requires_grad_()
        d = {}; with_grads(d, m, {'x': x}, {'out': m(x)})
        m.eval()
        x2 = rnd(*shape)
        d['x_eval'] = x2
        d['out_eval'] = m(x2)
        save(name, d)

    x = rnd(2, 3, 9).requires_grad_()
    d = {}; with_grads(d, None, {'x': x}, {'out': F.max_pool1d(x, 3, stride=2)}); save('maxpool1d', d, {'k': 3, 'stride': 2})

    # Losses: the scalar loss and its gradient w.r.t. the input (loss.backward() directly).
    def loss_case(name, fn, inputs, extra=None):
        loss = fn()
        loss.backward()
        d = dict(extra or {})
        d['loss'] = loss.reshape(1)
        for k, t in inputs.items():
            d[k] = t
            if t.grad is not None:
                d['grad.' + k] = t.grad
        save(name, d)

    logits = rnd(6, 5).requires_grad_()
    target = torch.tensor([0, 3, 4, 1, 3, 2])
    w = torch.rand(5) + 0.2
    loss_case('loss_ce', lambda: F.cross_entropy(logits, target), {'x': logits}, {'target': target.double()})
    logits = logits.detach().requires_grad_()
    loss_case('loss_ce_weighted', lambda: F.cross_entropy(logits, target, weight=w), {'x': logits}, {'target': target.double(), 'weight': w})
    z = rnd(4, 7).requires_grad_()
    y = (torch.rand(4, 7) > 0.5).double()
    loss_case('loss_bce', lambda: F.binary_cross_entropy_with_logits(z, y), {'x': z}, {'target': y})
    pw = torch.rand(7) + 0.5
    z = z.detach().requires_grad_()
    loss_case('loss_bce_pos_weight', lambda: F.binary_cross_entropy_with_logits(z, y, pos_weight=pw), {'x': z}, {'target': y, 'pos_weight': pw})
    p = rnd(8, 1).requires_grad_()
    t = torch.rand(8, 1)
    loss_case('loss_mse', lambda: F.mse_loss(p, t), {'x': p}, {'target': t})
    p = p.detach().requires_grad_()
    # positive_pressure_mse of tests/MusicGen.Benchmarks/peers/torch_peer.py (notebooks/SOURCES.md §3.3)
    loss_case('loss_positive_pressure', lambda: ((t - p) ** 2).mean() + 10 * torch.relu(-p).mean(), {'x': p}, {'target': t})

    # Optimizers: three steps with given gradients from the same start.
    p0 = rnd(3, 4)
    grads = [rnd(3, 4) for _ in range(3)]
    def opt_case(name, make):
        p = nn.Parameter(p0.clone())
        opt = make([p])
        for g in grads:
            opt.zero_grad()
            p.grad = g.clone()
            opt.step()
        d = {'p0': p0, 'g0': grads[0], 'g1': grads[1], 'g2': grads[2], 'p3': p.detach()}
        save(name, d)
    opt_case('optim_adam', lambda ps: torch.optim.Adam(ps, lr=0.01))
    opt_case('optim_adam_wd_amsgrad', lambda ps: torch.optim.Adam(ps, lr=0.005, betas=(0.8, 0.99), weight_decay=0.1, amsgrad=True))
    opt_case('optim_rmsprop', lambda ps: torch.optim.RMSprop(ps))
    opt_case('optim_rmsprop_centered_momentum', lambda ps: torch.optim.RMSprop(ps, lr=0.001, alpha=0.9, momentum=0.5, centered=True))
    opt_case('optim_sgd_momentum', lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9))
    opt_case('optim_sgd_nesterov', lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01))

    # A whole model's state_dict, as a checkpoint written by PyTorch: LSTM → last step → Linear.
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = nn.LSTM(3, 8, batch_first=True)
            self.fc = nn.Linear(8, 4)

        def forward(self, x):
            return self.fc(self.lstm(x)[0][:, -1])
    net = Net()
    x = rnd(2, 5, 3)
    with torch.no_grad():
        out = net(x)
    d = dict(net.state_dict())
    save('model_checkpoint', d, {'format': 'pt', 'producer': 'make_torch_fixtures.py'})
    save('model_io', {'x': x, 'out': out})

    # A short training trajectory (llm.c's check): the same start, data and 6 Adam steps on
    # LSTM -> last step -> Dropout-free head with cross-entropy; losses per step and the final parameters.
    net = Net()
    start = {k: v.clone() for k, v in net.state_dict().items()}
    x = rnd(4, 5, 3)
    y = torch.tensor([0, 3, 1, 2])
    opt = torch.optim.Adam(net.parameters(), lr=0.02)
    losses = []
    for _ in range(6):
        opt.zero_grad()
        loss = F.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    d = {'start.' + k: v for k, v in start.items()}
    d.update({'final.' + k: v for k, v in net.state_dict().items()})
    d.update({'x': x, 'y': y.double(), 'losses': torch.tensor(losses)})
    save('train_trajectory', d)


if __name__ == '__main__':
    main()
