"""Reference measurements with PyTorch (Debian python3-torch) for the discrete-VAE harness.

This is the team's shared reference script (../shared/reference/pytorch_reference.py) with one
extension: --hidden 0 (or an empty value) builds no hidden layers, so encoder and decoder are each
one Linear (e.g. the disarm-linear preset, 784-(200 Bernoulli)-784).

Trains a discrete VAE (by default the seed architecture 784-400-[20 x 256]-400-784, Adam 1e-3,
batch 128) with a chosen estimator on an IDX image file and prints the per-epoch average negative
ELBO and images/s over the timed steps. Written for side-by-side comparison (PyTorchSideBySide runs it).

Shapes: --hidden takes one width or a comma list (e.g. 512,256; the decoder mirrors it), or 0 for none;
--act relu or leaky:SLOPE; --latent categorical (N variables of K classes) or bernoulli (N units).
Estimators: reinforce (with --samples S > 1: leave-one-out baseline), gumbel (Gumbel-Softmax, or the
binary Concrete for Bernoulli latents), st-gumbel (straight-through form).
"""
import argparse, gzip, struct, time
import numpy as np
import torch
import torch.nn.functional as F

def load_idx(path):
    op = gzip.open if path.endswith('.gz') else open
    with op(path, 'rb') as f:
        magic, n = struct.unpack('>II', f.read(8))
        rows, cols = struct.unpack('>II', f.read(8))
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(n, rows * cols)

p = argparse.ArgumentParser()
p.add_argument('--images', required=True)
p.add_argument('--estimator', default='reinforce', choices=['reinforce', 'gumbel', 'st-gumbel'])
p.add_argument('--latent', default='categorical', choices=['categorical', 'bernoulli'])
p.add_argument('--n', type=int, default=20)
p.add_argument('--k', type=int, default=256)
p.add_argument('--hidden', default='400', help='width, or comma list of widths; 0 or empty: none')
p.add_argument('--act', default='relu', help='relu or leaky:SLOPE')
p.add_argument('--samples', type=int, default=1, help='REINFORCE samples; > 1 uses leave-one-out')
p.add_argument('--batch', type=int, default=128)
p.add_argument('--lr', type=float, default=1e-3)
p.add_argument('--epochs', type=int, default=1)
p.add_argument('--steps', type=int, default=0, help='stop after this many timed steps (0: full epochs)')
p.add_argument('--tau', type=float, default=1.0)
p.add_argument('--threads', type=int, default=2)
p.add_argument('--seed', type=int, default=1)
p.add_argument('--warmup', type=int, default=0, help='untimed steps before the timed ones')
p.add_argument('--gather', action='store_true',
               help='categorical REINFORCE: decoder input as an embedding-bag gather of weight rows')
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(a.seed)
X = torch.from_numpy((load_idx(a.images) > 127).astype(np.float32))
N, S = a.n, a.samples
K = a.k if a.latent == 'categorical' else 1
widths = [] if str(a.hidden).strip() in ('', '0') else [int(w) for w in str(a.hidden).split(',')]

def act():
    if a.act.startswith('leaky'):
        return torch.nn.LeakyReLU(float(a.act.split(':')[1]))
    return torch.nn.ReLU()

def mlp(sizes):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(act())
    return torch.nn.Sequential(*layers)

enc = mlp([784] + widths + [N * K])
dec = mlp([N * K] + widths[::-1] + [784])
opt = torch.optim.Adam(list(enc.parameters()) + list(dec.parameters()), lr=a.lr)
offsets = (torch.arange(N) * K).view(1, N)

def decode(z, idx=None):
    if idx is not None and a.gather:
        first, rest = dec[0], dec[1:]
        return rest(F.embedding_bag(idx + offsets, first.weight.t(), mode='sum') + first.bias)
    return dec(z.reshape(z.shape[0], -1))

def loglik(x, z, idx=None):
    return -F.binary_cross_entropy_with_logits(decode(z, idx), x, reduction='none').sum(1)

def step(x):
    B = x.shape[0]
    out = enc(x)
    if a.latent == 'categorical':
        logq = F.log_softmax(out.view(-1, N, K), -1)
        kl = (logq.exp() * logq).sum((1, 2)) + N * float(np.log(K))
    else:
        q = torch.sigmoid(out)
        kl = (q * F.logsigmoid(out) + (1 - q) * F.logsigmoid(-out)).sum(1) + N * float(np.log(2))
    if a.estimator == 'reinforce':
        xs = x.repeat(S, 1)
        if a.latent == 'categorical':
            probs = logq.exp().detach().view(-1, K)
            idx = torch.multinomial(probs.repeat(S, 1), 1).view(S * B, N)
            z = F.one_hot(idx, K).float()
            lq = (logq.repeat(S, 1, 1) * z).sum((1, 2))
        else:
            idx = None
            z = torch.bernoulli(q.detach().repeat(S, 1))
            lq = (z * F.logsigmoid(out.repeat(S, 1)) + (1 - z) * F.logsigmoid(-out.repeat(S, 1))).sum(1)
        rec = loglik(xs, z, idx)
        signal = rec.detach()
        if S > 1:
            r = signal.view(S, B)
            signal = (r - (r.sum(0, keepdim=True) - r) / (S - 1)).reshape(-1)
        surrogate = rec + lq * signal
        rec = rec.view(S, B).mean(0)
        surrogate = surrogate.view(S, B).mean(0)
    else:
        hard = a.estimator == 'st-gumbel'
        if a.latent == 'categorical':
            z = F.gumbel_softmax(out.view(-1, N, K), tau=a.tau, hard=hard)
        else:
            u = torch.rand_like(out).clamp(1e-7, 1 - 1e-7)
            y = torch.sigmoid((out + torch.log(u) - torch.log1p(-u)) / a.tau)
            z = y + ((y > 0.5).float() - y).detach() if hard else y
        rec = loglik(x, z)
        surrogate = rec
    loss = -(surrogate - kl).mean()
    opt.zero_grad(); loss.backward(); opt.step()
    return (-(rec - kl)).detach().sum().item()

for i in range(a.warmup):
    step(X[torch.randint(len(X), (a.batch,))])
steps = 0; seen = 0; t0 = time.time()
for ep in range(a.epochs):
    perm = torch.randperm(len(X)); tot = 0.0; cnt = 0
    for i in range(0, len(X) - a.batch + 1, a.batch):
        x = X[perm[i:i + a.batch]]
        tot += step(x); cnt += len(x); steps += 1; seen += len(x)
        if a.steps and steps >= a.steps: break
    print(f'epoch {ep+1} neg_elbo {tot/cnt:.3f}', flush=True)
    if a.steps and steps >= a.steps: break
dt = time.time() - t0
print(f'{a.estimator} {a.latent} N={N} K={K} hidden={a.hidden} act={a.act} S={S} batch={a.batch} '
      f'threads={a.threads}: {seen/dt:.1f} images/s over {steps} steps ({dt:.1f}s)')
