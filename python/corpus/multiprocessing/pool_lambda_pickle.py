# A lambda cannot be pickled to a worker: the pool raises a PicklingError [MPP-10]
from multiprocessing import Pool
import pickle

if __name__ == '__main__':
    with Pool(1) as p:
        try:
            p.map(lambda x: x, [1, 2])
        except pickle.PicklingError as e:
            print('PicklingError')
