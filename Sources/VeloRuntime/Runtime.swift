import VeloCore
