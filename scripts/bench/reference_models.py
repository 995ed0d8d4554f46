"""The paper's models written the way a researcher would in PyTorch: the same layers, shapes and
parameter counts as Timbrescope's engine (engine/models), for benchmarking against it."""

import torch
from torch import nn

FILTERS = (16, 32, 64, 64, 32)
SIZES = (3, 3, 3, 5, 5)  # kernel = pool


class CnnCell(nn.Module):
    def __init__(self, cin, cout, k):
        super().__init__()
        self.conv1 = nn.Conv1d(cin, cout, k, padding=k // 2)
        self.conv2 = nn.Conv1d(cout, cout, k, padding=k // 2)
        self.norm = nn.BatchNorm1d(cout)
        self.pool = k

    def forward(self, x):
        return nn.functional.max_pool1d(nn.functional.leaky_relu(self.norm(self.conv2(self.conv1(x))), 0.3), self.pool)


def skip(cin, cout, pool):
    return nn.Sequential(nn.Conv1d(cin, cout, 1), nn.BatchNorm1d(cout), nn.MaxPool1d(pool))


class Cells(nn.Module):
    def __init__(self, residual):
        super().__init__()
        self.residual = residual
        cin, cells = 1, []
        for f, k in zip(FILTERS, SIZES):
            cells.append(CnnCell(cin, f, k))
            cin = f
        self.cells = nn.ModuleList(cells)
        if residual:
            self.skip13 = skip(FILTERS[0], FILTERS[1], SIZES[1])
            self.skip24 = skip(FILTERS[1], FILTERS[2], SIZES[2])

    def forward(self, x):
        outs = []
        for c, cell in enumerate(self.cells):
            if self.residual and c == 2:
                x = x + self.skip13(outs[0])
            elif self.residual and c == 3:
                x = x + self.skip24(outs[1])
            x = cell(x)
            outs.append(x)
        return outs


class Fcn(nn.Module):
    def __init__(self, residual=False):
        super().__init__()
        self.cells = Cells(residual)
        self.maps = nn.Conv1d(32, 11, 1)

    def forward(self, x):
        return self.maps(self.cells(x)[-1]).mean(2)


class BiGruStack(nn.Module):
    def __init__(self, cin, units):
        super().__init__()
        layers = []
        for u in units:
            layers.append(nn.GRU(cin, u, batch_first=True, bidirectional=True))
            cin = 2 * u
        self.layers = nn.ModuleList(layers)
        self.features = cin

    def forward(self, x):
        for layer in self.layers:
            x, hidden = layer(x)
        return x, torch.cat([hidden[0], hidden[1]], 1)


class Crnn(nn.Module):
    def __init__(self, branch=3, units=(128, 64)):
        super().__init__()
        self.branch = branch
        self.cells = Cells(True)
        self.cnn_maps = nn.Conv1d(32, 11, 1)
        self.gru = BiGruStack(FILTERS[branch - 1], units)
        self.gru_maps = nn.Conv1d(self.gru.features, 11, 1)

    def forward(self, x):
        outs = self.cells(x)
        sequence, _ = self.gru(outs[self.branch - 1].transpose(1, 2))
        return 0.5 * (self.cnn_maps(outs[-1]).mean(2) + self.gru_maps(sequence.transpose(1, 2)).mean(2))


class BiGru(nn.Module):
    def __init__(self, units=(128, 64)):
        super().__init__()
        self.gru = BiGruStack(1, units)
        self.dropout = nn.Dropout(0.5)
        self.output = nn.Linear(self.gru.features, 11)

    def forward(self, x):
        _, final = self.gru(nn.functional.max_pool1d(x, 3).transpose(1, 2))
        return self.output(self.dropout(final))


MODELS = {
    "fcn": lambda: Fcn(False),
    "rfcn": lambda: Fcn(True),
    "crnn3": lambda: Crnn(3),
    "bigru2": lambda: BiGru((128, 64)),
}
