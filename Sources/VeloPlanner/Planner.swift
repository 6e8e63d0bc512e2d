import VeloCore
import VeloSQL
