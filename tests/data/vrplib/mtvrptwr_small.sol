Route #1: 1 2 0 3 4
Cost: 682
